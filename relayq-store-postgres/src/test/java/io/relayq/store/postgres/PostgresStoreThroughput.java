package io.relayq.store.postgres;

import static io.relayq.store.testkit.Jobs.aJob;

import io.relayq.core.Job;
import io.relayq.core.JobEvent;
import io.relayq.store.ClaimRequest;
import io.relayq.store.FinishRequest;
import io.relayq.store.NewJob;
import io.relayq.store.SubmitResult;
import io.relayq.store.WorkerRegistration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Measures the PostgreSQL store's state-change paths on the server named by
 * {@code RELAYQ_TEST_POSTGRES_URL} and prints one line per figure: submits, a drain (claim and
 * finish) by concurrent workers, and reading the history stream. A program, not a test: it asserts
 * nothing about time. It works in a schema of its own, dropped at the end.
 *
 * <pre>
 * mvn -q -pl relayq-store-postgres test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/relayq-pg-cp.txt
 * RELAYQ_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' \
 *   java -cp relayq-store-postgres/target/test-classes:relayq-store-postgres/target/classes:$(cat /tmp/relayq-pg-cp.txt) \
 *   io.relayq.store.postgres.PostgresStoreThroughput
 * </pre>
 */
public final class PostgresStoreThroughput {
  private static final int CLIENTS = 8;
  private static final int WORKER_SLOTS = 8;

  private final PostgresJobStore store;

  private PostgresStoreThroughput(PostgresJobStore store) {
    this.store = store;
  }

  public static void main(String[] args) throws Exception {
    String base = System.getenv(PostgresJobStoreTest.URL_ENV);
    if (base == null || base.isBlank()) {
      throw new IllegalStateException("set " + PostgresJobStoreTest.URL_ENV
          + " to a server to measure, like jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }
    String schema = "relayq_throughput_" + UUID.randomUUID().toString().replace("-", "");
    execute(base, "CREATE SCHEMA " + schema);
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try (PostgresJobStore store = PostgresJobStore.open(PostgresUrl.parse(url), CLIENTS + 2)) {
      new PostgresStoreThroughput(store).run();
    } finally {
      execute(base, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private void run() throws Exception {
    System.out.printf(Locale.ROOT, "relayq PostgreSQL store, %d cores, %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    submitRate("(warm-up: submit)", 4_000, CLIENTS);
    drainRate("(warm-up: drain)");
    submitRate("submit, 1 client", 2_000, 1);
    submitRate("submit, " + CLIENTS + " clients", 10_000, CLIENTS);
    drainRate("drain all queued (" + CLIENTS + " workers claim up to " + WORKER_SLOTS + ", finish each)");
    long[] nanos = new long[500];
    for (int i = 0; i < nanos.length; i++) {
      long t = System.nanoTime();
      store.eventsAfter(i * 10L, 100);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%-62s p50 %6.2f ms  p99 %6.2f ms%n", "eventsAfter, 100 entries",
        nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6);
  }

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
        if (store.submit(batch.get(i)).status() != SubmitResult.Status.CREATED) {
          throw new IllegalStateException("submit " + i + " was not created");
        }
      }
      return null;
    });
    report(name, jobs, start);
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
    double s = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(Locale.ROOT, "%-62s %,10.0f jobs/s  (%,d in %.2f s)%n", name, jobs / s, jobs, s);
  }

  private static void execute(String url, String sql) throws SQLException {
    PostgresUrl parsed = PostgresUrl.parse(url);
    try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
  /** Registers {@code worker} as a worker's hello does; claims lease only for a registered incarnation. */
  private String register(String worker) {
    return store.registerWorker(new WorkerRegistration(worker, "id-" + worker, "inc-1", List.of(), WORKER_SLOTS,
        "bench", "localhost", Instant.now(), null), Duration.ofMinutes(1)).worker().incarnation();
  }
}
