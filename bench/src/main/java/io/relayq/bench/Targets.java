package io.relayq.bench;

/**
 * The bars of DESIGN §9 ("Performance targets") and the best peer figure measured there, in one
 * place, so the results always quote the design's own numbers.
 */
final class Targets {
  static final Target END_TO_END = Target.atLeast(3_200, ">= 3,200 jobs/s");
  static final String END_TO_END_PEER = "1,597 jobs/s (Celery + Redis, tuned; not durable)";

  static final Target DRAIN = Target.atLeast(4_600, ">= 4,600 jobs/s");
  static final String DRAIN_PEER = "2,321 jobs/s (db-scheduler on PostgreSQL)";

  static final Target SUBMIT_CONCURRENT = Target.atLeast(10_000, ">= 10,000 jobs/s with 8 clients");
  static final Target SUBMIT_SINGLE = Target.none("one round trip + one group commit");
  static final String SUBMIT_PEER = "4,883 jobs/s (RQ, one client; not durable)";

  static final Target SUBMIT_BATCH = Target.atLeast(56_000, ">= 56,000 jobs/s over HTTP");
  static final String SUBMIT_BATCH_PEER = "56,430 jobs/s (db-scheduler batch insert, in-process)";

  static final Target LATENCY_P50 = Target.below(1.0, "< 1 ms");
  static final String LATENCY_P50_PEER = "1.2 ms (Celery, tuned)";
  static final Target LATENCY_P99 = Target.below(3.0, "< 3 ms");
  static final String LATENCY_P99_PEER = "3.3 ms (RQ, tuned, 1 ms polling)";

  static final Target SHELL_SHARE = Target.atLeast(80, ">= 80 % of the raw spawn rate");
  static final String SHELL_SHARE_PEER = "48 % (Celery, tuned)";

  static final Target RECOVERY = Target.atMost(20, "<= 20 s (lease TTL 15 s + 5 s)");
  static final String RECOVERY_PEER = "28.5 s (db-scheduler at its minimum); Celery, RQ: never by default";
  static final Target RECOVERY_RESTART = Target.none("at once when the worker restarts under the same identity");

  static final Target CLAIM_AT_SCALE = Target.below(10, "p99 < 10 ms at 1,000,000 queued");
  static final Target SUBMIT_AT_SCALE = Target.atLeast(80, "within 20 % of the 1,000-queued rate");
  static final Target HEAP = Target.none("bounded");

  static final Target IDLE_WORKER = Target.below(50, "< 50 MB");
  static final String IDLE_WORKER_PEER = "57 MB (RQ); JVM peers 79-104 MB";
  static final Target HELP = Target.below(100, "< 100 ms");
  static final String HELP_PEER = "110 ms (RQ), 230 ms (Celery)";

  static final Target NONE = Target.none("-");
  static final String NO_PEER = "-";

  private Targets() {}
}
