package io.relayq.coordinator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.store.QueueStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Every metric the coordinator publishes on {@code /metrics}, in one place, with the Prometheus name
 * each one gets. Counters and timers are updated where things happen (submit, finish, lease expiry,
 * each HTTP request and store call) and cost a few nanoseconds; gauges read the latest
 * {@link ClusterSnapshot}, which a background loop refreshes, so a scrape never slows the queue.
 *
 * <p>Counters count what this coordinator handled since it started; with several coordinators on
 * one store, sum them across instances. Gauges describe the whole cluster, so take any one
 * instance's value (or the max), not the sum.
 */
final class CoordinatorMetrics implements AutoCloseable {
  private static final Duration[] HTTP_BUCKETS = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000,
      30_000);
  private static final Duration[] STORE_BUCKETS = {Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(1000)};
  private static final Duration[] JOB_BUCKETS = {Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(5)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter submitted;
  private final Counter leased;
  private final Counter leaseExpirations;
  private final Map<String, Counter> finished = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Timer> storeCalls = new ConcurrentHashMap<>();
  private final Map<String, Timer> httpRequests = new ConcurrentHashMap<>();
  private final Map<String, Counter> alerts = new ConcurrentHashMap<>();
  private final MultiGauge queueDepth;

  CoordinatorMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    submitted = Counter.builder("relayq.jobs.submitted").description("Jobs created by a submit (idempotent repeats"
        + " not counted)").register(registry);
    leased = Counter.builder("relayq.jobs.leased").description("Attempts started: jobs handed to a worker by a poll")
        .register(registry);
    leaseExpirations = Counter.builder("relayq.lease.expirations").description("Leases the reaper expired because"
        + " their worker stopped renewing them (crash, partition)").register(registry);
    queueDepth = MultiGauge.builder("relayq.queue.depth").description("Queued jobs by routing requirement (target"
        + " worker and required labels; scheduled ones included), the " + QueueStats.TOP_ROUTINGS + " largest groups")
        .register(registry);
  }

  /**
   * Publishes the gauges that read cluster state. {@code snapshot} is asked on every scrape and
   * must be cheap: the snapshot it returns was built in the background.
   */
  void bindSnapshot(java.util.function.Supplier<ClusterSnapshot> snapshot) {
    for (JobState state : JobState.values()) {
      gauge("relayq.jobs", "Jobs in the store by state (finished ones until pruned)", Tags.of("state", state.wireName()),
          snapshot, s -> s.jobs(state));
    }
    gauge("relayq.jobs.scheduled", "Queued jobs whose start time (delay, retry backoff) has not come yet", Tags.empty(),
        snapshot, s -> s.stats().scheduled());
    gauge("relayq.jobs.unrunnable", "Queued jobs whose start time has come that no online worker can run (missing"
        + " label, target worker offline, all draining)", Tags.empty(), snapshot, s -> s.scan().unrunnable());
    Gauge.builder("relayq.queue.oldest.age", snapshot, s -> s.get().stats().oldestQueuedAge().toMillis() / 1000.0)
        .strongReference(true)
        .description("Age of the oldest queued job since it was submitted (scheduled ones included); 0 when none")
        .baseUnit("seconds").register(registry);
    gauge("relayq.queue.scan.truncated", "1 when more jobs were queued than one scan for unrunnable jobs reads ("
        + QueueScan.MAX_SCANNED + "), so relayq_jobs_unrunnable counts the newest ones only", Tags.empty(), snapshot,
        s -> s.scan().truncated() ? 1 : 0);
    gauge("relayq.store.up", "1 when the last background read of the store succeeded, else 0", Tags.empty(),
        snapshot, s -> s.storeOk() ? 1 : 0);
    for (String status : List.of("online", "draining", "offline")) {
      gauge("relayq.workers", "Workers by status", Tags.of("status", status), snapshot, s -> s.workers(status));
    }
    gauge("relayq.worker.slots", "Slots of online workers: total, and used by running jobs", Tags.of("kind", "total"),
        snapshot, ClusterSnapshot::slots);
    gauge("relayq.worker.slots", null, Tags.of("kind", "used"), snapshot, ClusterSnapshot::slotsUsed);
  }

  /** Replaces the queue depth series with those of a new snapshot. */
  void queueDepth(Map<String, Long> byRequirement) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    byRequirement.forEach((requirement, jobs) -> rows.add(MultiGauge.Row.of(Tags.of("requirement", requirement),
        jobs)));
    queueDepth.register(rows, true);
  }

  private void gauge(String name, String description, Tags tags, java.util.function.Supplier<ClusterSnapshot> snapshot,
      ToDoubleFunction<ClusterSnapshot> value) {
    // Strong: Micrometer holds gauge state weakly by default, and nothing else holds this supplier.
    Gauge.Builder<?> b = Gauge.builder(name, snapshot, s -> value.applyAsDouble(s.get())).tags(tags)
        .strongReference(true);
    if (description != null) {
      b.description(description);
    }
    b.register(registry);
  }

  // ---- job lifecycle ---------------------------------------------------------------------------

  void submitted() {
    submitted.increment();
  }

  void leased(int jobs) {
    leased.increment(jobs);
  }

  void leaseExpired() {
    leaseExpirations.increment();
  }

  /** A job reached a terminal state. */
  void finished(JobState state, EndReason reason) {
    String key = state.wireName() + "/" + wire(reason);
    finished.computeIfAbsent(key, k -> Counter.builder("relayq.jobs.finished")
        .description("Jobs that reached a terminal state, by state and why the last attempt ended")
        .tags("state", state.wireName(), "reason", wire(reason)).register(registry)).increment();
  }

  /** A job went back to the queue for another attempt. */
  void retried(EndReason reason) {
    retries.computeIfAbsent(wire(reason), r -> Counter.builder("relayq.job.retries")
        .description("Attempts that ended with the job queued again (retryable exit, lost lease, released)")
        .tag("reason", r).register(registry)).increment();
  }

  /**
   * How long an attempt ran, from its start to the finish report.
   *
   * @param outcome {@code succeeded}, {@code failed}, {@code cancelled} or {@code retried}
   */
  void attemptRan(String outcome, Duration ran) {
    durations.computeIfAbsent(outcome, o -> Timer.builder("relayq.job.duration")
        .description("Run time of one attempt, from lease to finish report, by how it ended")
        .tag("outcome", o).serviceLevelObjectives(JOB_BUCKETS).register(registry)).record(ran);
  }

  /** Counts the outcome of one webhook delivery: {@code sent}, {@code failed} or {@code dropped}. */
  void alert(AlertEvent event, String result) {
    alerts.computeIfAbsent(event.wireName() + "/" + result, k -> Counter.builder("relayq.alerts")
        .description("Webhook alert deliveries by event and result (sent, failed after every retry, dropped because"
            + " the alert queue was full)")
        .tags("event", event.wireName(), "result", result).register(registry)).increment();
  }

  // ---- latency ---------------------------------------------------------------------------------

  /** The timer of one store operation ({@code claim}, {@code submit}...). */
  Timer storeTimer(String operation) {
    return storeCalls.computeIfAbsent(operation, op -> Timer.builder("relayq.store")
        .description("Latency of store calls made by this coordinator, by operation")
        .tag("operation", op).serviceLevelObjectives(STORE_BUCKETS).register(registry));
  }

  /**
   * Records one HTTP request. {@code route} is the route template ({@code /api/v1/jobs/{id}}), never
   * the raw path, so ids do not create series. Long polls and streams count their whole duration.
   */
  void httpRequest(String method, String route, int status, Duration took) {
    String key = method + " " + route + " " + status;
    httpRequests.computeIfAbsent(key, k -> Timer.builder("relayq.http.requests")
        .description("HTTP requests by method, route template and status; long polls and event streams count"
            + " their whole duration")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .serviceLevelObjectives(HTTP_BUCKETS).register(registry)).record(took);
  }

  // ---- exposition ------------------------------------------------------------------------------

  /** The Prometheus text exposition (format 0.0.4) of every metric. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }

  private static String wire(EndReason reason) {
    return reason == null ? "none" : reason.wireName();
  }

  private static Duration[] millis(long... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofMillis(values[i]);
    }
    return out;
  }
}
