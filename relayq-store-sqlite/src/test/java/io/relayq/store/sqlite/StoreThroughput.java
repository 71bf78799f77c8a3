package io.relayq.store.sqlite;

import static io.relayq.store.testkit.Jobs.aJob;

import io.relayq.core.Job;
import io.relayq.core.JobEvent;
import io.relayq.core.JobIds;
import io.relayq.core.JobState;
import io.relayq.store.ClaimRequest;
import io.relayq.store.FinishRequest;
import io.relayq.store.JobQuery;
import io.relayq.store.JobStore;
import io.relayq.store.NewJob;
import io.relayq.store.SubmitResult;
import io.relayq.store.WorkerRegistration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Measures the SQLite store's hot paths on this machine and prints one line per figure. A program,
 * not a test: it asserts nothing about time, because figures depend on the machine and its load.
 *
 * <p>Every call goes through {@link SqliteJobStore} with durable commits, as in production. Only the
 * million-job backlog is written by a direct bulk insert (the rows a submit writes, without their
 * history), because a million durable submits would take minutes and measure nothing new.
 *
 * <p>Run from the repository root (about one minute; needs about 600 MB in the temp directory,
 * deleted at the end):
 *
 * <pre>
 * mvn -q -pl relayq-store-sqlite test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/relayq-cp.txt
 * java --enable-native-access=ALL-UNNAMED \
 *   -cp relayq-store-sqlite/target/test-classes:relayq-store-sqlite/target/classes:$(cat /tmp/relayq-cp.txt) \
 *   io.relayq.store.sqlite.StoreThroughput [backlog]
 * </pre>
 */
public final class StoreThroughput {
  private static final int DEFAULT_BACKLOG = 1_000_000;
  private static final int CLIENTS = 8;
  private static final int CLAIM_SAMPLES = 2_000;
  private static final int WORKER_SLOTS = 8;
  /** Latency samples stop after this long, so a slow path is reported instead of waited for. */
  private static final long SAMPLE_BUDGET_NANOS = 20_000_000_000L;

  private final Path dir;
  private final Path file;
  private SqliteJobStore store;

  private StoreThroughput(Path dir) {
    this.dir = dir;
    this.file = dir.resolve("relayq.db");
  }

  public static void main(String[] args) throws Exception {
    int backlog = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_BACKLOG;
    Path dir = Files.createTempDirectory("relayq-store-throughput");
    StoreThroughput bench = new StoreThroughput(dir);
    try {
      bench.run(backlog);
    } finally {
      bench.closeStore();
      deleteTree(dir);
    }
  }

  private void run(int backlog) throws Exception {
    System.out.printf(Locale.ROOT, "relayq SQLite store, %d cores, %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    store = SqliteJobStore.open(file);

    // the JIT compiles the hot paths first, so every figure below is of compiled code
    submitRate("(warm-up: submit)", 10_000, CLIENTS);
    drainRate("(warm-up: drain)");
    store.pruneFinished(Instant.now().plusSeconds(1), JobStore.MAX_PRUNE_BATCH);

    submitRate("submit, 1 client", 3_000, 1);
    submitRate("submit, " + CLIENTS + " clients", 24_000, CLIENTS);
    drainRate("drain " + queued() + " queued (" + CLIENTS + " workers claim up to " + WORKER_SLOTS
        + ", finish each)");
    pruneRate("prune the drained jobs, batches of 500", 500);

    submitRate("(fill 1,000 queued)", 1_000, CLIENTS);
    claimLatency("claim 1 of 1,000 queued, no labels", 1_000, "w-plain");
    submitLabelled(1_000);
    claimLatency("claim 1 of 1,000 queued, worker has labels gpu+os:linux", 1_000, "w-gpu", "gpu", "os:linux");

    closeStore();
    long loadStart = System.nanoTime();
    bulkLoad(backlog);
    System.out.printf(Locale.ROOT, "%-62s %,10d jobs in %.1f s, file %,d MB%n", "(bulk load)", backlog,
        seconds(loadStart), Files.size(file) >> 20);
    store = SqliteJobStore.open(file);

    claimLatency(String.format(Locale.ROOT, "claim 1 of %,d queued, no labels", backlog), CLAIM_SAMPLES, "w-plain");
    claimLatency(String.format(Locale.ROOT, "claim 1 of %,d queued, worker has labels", backlog), CLAIM_SAMPLES,
        "w-gpu", "gpu", "os:linux");
    claimLatency(String.format(Locale.ROOT, "claim 8 of %,d queued, no labels", backlog), CLAIM_SAMPLES / 8,
        8, "w-plain");
    submitRate(String.format(Locale.ROOT, "submit, 1 client, %,d queued", backlog), 3_000, 1);
    submitRate(String.format(Locale.ROOT, "submit, %d clients, %,d queued", CLIENTS, backlog), 24_000, CLIENTS);
    readLatency(String.format(Locale.ROOT, "queueStats, %,d queued", backlog), 20, () -> store.queueStats(Instant.now()));
    readLatency(String.format(Locale.ROOT, "listJobs first 50, %,d jobs", backlog), 200,
        () -> store.listJobs(JobQuery.all(50)));
    readLatency(String.format(Locale.ROOT, "listJobs queued first 50, %,d jobs", backlog), 200,
        () -> store.listJobs(new JobQuery(JobState.QUEUED, null, null, 50, null)));
  }

  // ---- phases ----------------------------------------------------------------------------------

  private void submitRate(String name, int jobs, int clients) throws Exception {
    List<NewJob> batch = new ArrayList<>(jobs);
    Instant now = Instant.now();
    for (int i = 0; i < jobs; i++) {
      batch.add(aJob().at(now).build());
    }
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    parallel(clients, client -> {
      for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
        SubmitResult result = store.submit(batch.get(i));
        if (result.status() != SubmitResult.Status.CREATED) {
          throw new IllegalStateException("submit " + i + " returned " + result.status());
        }
      }
      return null;
    });
    report(name, jobs, start);
  }

  private void submitLabelled(int jobs) {
    Instant now = Instant.now();
    for (int i = 0; i < jobs; i++) {
      store.submit(aJob().withLabels(i % 2 == 0 ? new String[] {"gpu"} : new String[] {"gpu", "os:linux"})
          .at(now).build());
    }
  }

  private void drainRate(String name) throws Exception {
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    parallel(CLIENTS, worker -> {
      String workerName = "w" + worker;
      String incarnation = register(workerName);
      while (true) {
        List<Job> jobs = store.claim(new ClaimRequest(workerName, incarnation, List.of(), WORKER_SLOTS,
            Instant.now()));
        if (jobs.isEmpty()) {
          return null;
        }
        for (Job job : jobs) {
          store.finish(new FinishRequest(job.id(), job.attempt(), workerName, new JobEvent.Exited(0), null,
              List.of(), Instant.now()));
          done.incrementAndGet();
        }
      }
    });
    report(name, done.get(), start);
  }

  private void pruneRate(String name, int batch) {
    Instant cutoff = Instant.now().plusSeconds(1);
    int pruned = 0;
    long start = System.nanoTime();
    for (int n = batch; n == batch; pruned += n) {
      n = store.pruneFinished(cutoff, batch);
    }
    report(name, pruned, start);
  }

  private void claimLatency(String name, int samples, String worker, String... labels) {
    claimLatency(name, samples, 1, worker, labels);
  }

  private void claimLatency(String name, int samples, int limit, String worker, String... labels) {
    long[] nanos = new long[samples];
    String incarnation = register(worker);
    long start = System.nanoTime();
    int taken = 0;
    while (taken < samples && System.nanoTime() - start < SAMPLE_BUDGET_NANOS) {
      long t = System.nanoTime();
      List<Job> jobs = store.claim(new ClaimRequest(worker, incarnation, List.of(labels), limit, Instant.now()));
      nanos[taken++] = System.nanoTime() - t;
      if (jobs.size() != limit) {
        throw new IllegalStateException(name + ": claim " + taken + " returned " + jobs.size() + " jobs");
      }
    }
    printLatency(name, Arrays.copyOf(nanos, taken));
  }

  private void readLatency(String name, int samples, Runnable read) {
    long[] nanos = new long[samples];
    long start = System.nanoTime();
    int taken = 0;
    while (taken < samples && System.nanoTime() - start < SAMPLE_BUDGET_NANOS) {
      long t = System.nanoTime();
      read.run();
      nanos[taken++] = System.nanoTime() - t;
    }
    printLatency(name, Arrays.copyOf(nanos, taken));
  }

  /** Writes {@code jobs} queued rows as a submit would, in one transaction, with the store closed. */
  private void bulkLoad(int jobs) throws SQLException {
    NewJob template = aJob().build();
    String spec = JobRows.json(template.spec());
    long created = Instant.now().minusSeconds(3600).toEpochMilli();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = OFF");
        s.execute("PRAGMA cache_size = -262144");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO jobs (id, state, spec, priority, target_worker, labels, lease_ttl_ms, max_attempts,
                            created_at, run_at)
          VALUES (?, 'queued', ?, 0, NULL, ?, ?, ?, ?, ?)
          """)) {
        for (int i = 0; i < jobs; i++) {
          ps.setString(1, bulkId(i));
          ps.setString(2, spec);
          // one job in ten needs labels, so labelled claims find work all through the backlog
          ps.setString(3, i % 10 == 0 ? "[\"gpu\"]" : "[]");
          ps.setLong(4, template.spec().leaseTtl().toMillis());
          ps.setInt(5, template.spec().maxAttempts());
          ps.setLong(6, created + i / 1000);
          ps.setLong(7, created + i / 1000);
          ps.addBatch();
          if (i % 10_000 == 9_999) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
  }

  /** A valid job id that {@link JobIds#next()} never returns: u and l are not in its alphabet. */
  private static String bulkId(int i) {
    String digits = Long.toString(i, 32);
    return "j_bulk" + "0".repeat(12 - digits.length()) + digits;
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private int queued() {
    int n = 0;
    String cursor = null;
    do {
      var page = store.listJobs(new JobQuery(JobState.QUEUED, null, null, JobQuery.MAX_LIMIT, cursor));
      n += page.jobs().size();
      cursor = page.nextCursor();
    } while (cursor != null);
    return n;
  }

  private static void parallel(int threads, IntFunction<Void> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void report(String name, int jobs, long startNanos) {
    double s = seconds(startNanos);
    System.out.printf(Locale.ROOT, "%-62s %,10.0f jobs/s  (%,d in %.2f s)%n", name, jobs / s, jobs, s);
  }

  private static void printLatency(String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%-62s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d calls)%n", name,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6, sorted.length);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void closeStore() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
  /** Registers {@code worker} as a worker's hello does; claims lease only for a registered incarnation. */
  private String register(String worker) {
    return store.registerWorker(new WorkerRegistration(worker, "id-" + worker, "inc-1", List.of(), WORKER_SLOTS,
        "bench", "localhost", Instant.now(), null), Duration.ofMinutes(1)).worker().incarnation();
  }
}
