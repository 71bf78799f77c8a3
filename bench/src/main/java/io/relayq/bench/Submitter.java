package io.relayq.bench;

import io.relayq.client.RelayqClient;
import io.relayq.client.Submitted;
import io.relayq.core.JobSubmission;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Submits jobs over HTTP from several clients at once, one job per call, each client its own
 * {@link RelayqClient} (own connection pool) on its own thread, as separate programs would.
 */
final class Submitter {
  /**
   * One submit run.
   *
   * @param callMs how long each call took, in milliseconds
   * @param startNanos {@link System#nanoTime()} when the first call was sent
   */
  record Run(int jobs, int clients, double seconds, Stats callMs, long startNanos) {
    double rate() {
      return jobs / seconds;
    }

    /** A note for the results when the budget stopped the run before {@code asked} jobs. */
    String shortOf(int asked) {
      return jobs >= asked ? "" : String.format("the time budget ran out after %,d of %,d jobs", jobs, asked);
    }
  }

  private Submitter() {}

  /**
   * Submits {@code jobs} copies of {@code submission} from {@code clients} clients and returns when
   * all are committed, or fewer when {@code budget} runs out first ({@link Run#jobs()} says how many).
   *
   * @throws BenchException when any submit fails; the others stop at their next job
   */
  static Run run(URI server, String token, int clients, int jobs, JobSubmission submission, Duration budget)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<List<Double>> times = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<RelayqClient> connections = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      connections.add(RelayqClient.connect(server, token));
      times.add(new ArrayList<>());
    }
    long t0 = System.nanoTime();
    long deadline = t0 + budget.toNanos();
    for (int c = 0; c < clients; c++) {
      RelayqClient client = connections.get(c);
      List<Double> mine = times.get(c);
      threads.add(Thread.ofPlatform().name("bench-submit-" + c).start(() -> {
        try {
          while (failure.get() == null && System.nanoTime() - deadline < 0 && next.getAndIncrement() < jobs) {
            long s = System.nanoTime();
            Submitted r = client.submit(submission);
            mine.add((System.nanoTime() - s) / 1e6);
            if (!r.created()) {
              throw new BenchException("a submit without a key answered 200 (existing job " + r.job().id() + ")");
            }
            done.incrementAndGet();
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    connections.forEach(RelayqClient::close);
    if (failure.get() != null) {
      throw new BenchException("submit failed after " + Math.min(next.get(), jobs) + " of " + jobs + " jobs: "
          + failure.get().getMessage(), failure.get());
    }
    List<Double> all = new ArrayList<>();
    times.forEach(all::addAll);
    return new Run(done.get(), clients, seconds, Stats.of(all), t0);
  }
}
