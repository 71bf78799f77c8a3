package io.relayq.bench;

import io.relayq.core.JobEvent;
import io.relayq.core.JobIds;
import io.relayq.core.JobSpec;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobSubmission;
import io.relayq.core.Json;
import io.relayq.store.ClaimRequest;
import io.relayq.store.FinishRequest;
import io.relayq.store.JobStore;
import io.relayq.store.NewJob;
import io.relayq.store.SubmitResult;
import io.relayq.store.WorkerRegistration;
import io.relayq.store.postgres.PostgresJobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a store with queued jobs through its own API ({@link JobStore#submit}, from many threads so
 * group commit applies), before any coordinator opens it; then times the store's claim and finish
 * of one job at a time. Prints one JSON line, a {@link Result}.
 *
 * <pre>BulkLoad --store sqlite:FILE|postgres:URL --jobs N --budget-seconds S --claim-samples K [--threads T]</pre>
 *
 * <p>Loading stops at {@code N} jobs or when the budget runs out, whichever comes first; the result
 * says how many were loaded.
 */
public final class BulkLoad {
  /** The longest the claim timing runs; slow claims get fewer samples, not a longer run. */
  private static final Duration CLAIM_BUDGET = Duration.ofSeconds(30);

  /** What was loaded and how long claims took; times in milliseconds. */
  record Result(int loaded, double loadSeconds, List<Double> claimMs, List<Double> finishMs) {}

  private BulkLoad() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of("--store", "--jobs", "--budget-seconds", "--claim-samples", "--threads"),
        Set.of());
    String spec = args.required("--store");
    try (JobStore store = open(spec)) {
      int jobs = args.integer("--jobs", 1000);
      Duration budget = Duration.ofSeconds(args.integer("--budget-seconds", 60));
      long t0 = System.nanoTime();
      int loaded = load(store, jobs, args.integer("--threads", 64), budget);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Result result = timeClaims(store, args.integer("--claim-samples", 100), loaded, seconds);
      System.out.println("RESULT " + Json.mapper().writeValueAsString(result));
    }
  }

  static JobStore open(String spec) {
    if (spec.startsWith("sqlite:")) {
      return SqliteJobStore.open(Path.of(spec.substring("sqlite:".length())));
    }
    if (spec.startsWith("postgres:")) {
      return PostgresJobStore.open(spec.substring("postgres:".length()));
    }
    throw new IllegalArgumentException("--store must be sqlite:FILE or postgres:URL, got " + spec);
  }

  private static int load(JobStore store, int jobs, int threads, Duration budget) throws Exception {
    JobSpec spec = JobSpecValidator.validate(JobSubmission.ofCommand("true"));
    long deadline = System.nanoTime() + budget.toNanos();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> loaders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        loaders.add(pool.submit(() -> {
          while (failure.get() == null && next.getAndIncrement() < jobs && System.nanoTime() - deadline < 0) {
            SubmitResult r = store.submit(new NewJob(JobIds.next(), spec, null, "bench", Instant.now()));
            if (r.status() != SubmitResult.Status.CREATED) {
              throw new IllegalStateException("submit answered " + r.status() + " for a job without a key");
            }
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : loaders) {
        f.get();
      }
    }
    return done.get();
  }

  /** One claim of one job, then its finish, {@code samples} times: the store's own cost per job. */
  private static Result timeClaims(JobStore store, int samples, int loaded, double loadSeconds) {
    List<Double> claims = new ArrayList<>();
    List<Double> finishes = new ArrayList<>();
    long deadline = System.nanoTime() + CLAIM_BUDGET.toNanos();
    String incarnation = store.registerWorker(new WorkerRegistration("bench-probe", "bench-probe", "bench-probe",
        List.of(), 1, "bench", "localhost", Instant.now(), null), Duration.ofMinutes(1)).worker().incarnation();
    for (int i = 0; i < samples && i < loaded && System.nanoTime() - deadline < 0; i++) {
      long t0 = System.nanoTime();
      var claimed = store.claim(new ClaimRequest("bench-probe", incarnation, List.of(), 1, Instant.now()));
      long t1 = System.nanoTime();
      if (claimed.isEmpty()) {
        throw new IllegalStateException("claim " + (i + 1) + " of " + samples + " found no job, with "
            + loaded + " loaded");
      }
      var job = claimed.getFirst();
      store.finish(new FinishRequest(job.id(), job.attempt(), "bench-probe", new JobEvent.Exited(0), null, List.of(),
          Instant.now()));
      long t2 = System.nanoTime();
      claims.add((t1 - t0) / 1e6);
      finishes.add((t2 - t1) / 1e6);
    }
    return new Result(loaded, loadSeconds, claims, finishes);
  }
}
