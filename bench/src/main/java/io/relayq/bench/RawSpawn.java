package io.relayq.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The machine's own spawn rate: a plain Java loop on {@code parallel} threads starting a program
 * and waiting for it, output discarded. The bar for how close relayq's shell jobs come.
 */
final class RawSpawn {
  /** One spawn run; {@link #rate()} in processes a second. */
  record Run(List<String> argv, int count, int parallel, double seconds) {
    double rate() {
      return count / seconds;
    }
  }

  private RawSpawn() {}

  /**
   * @throws BenchException when a spawn fails or the program exits non-zero
   */
  static Run run(List<String> argv, int parallel, int count) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < parallel; i++) {
      threads.add(Thread.ofPlatform().name("bench-spawn-" + i).start(() -> {
        ProcessBuilder pb = new ProcessBuilder(argv)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        while (failure.get() == null && next.getAndIncrement() < count) {
          try {
            int code = pb.start().waitFor();
            if (code != 0) {
              failure.compareAndSet(null, String.join(" ", argv) + " exited " + code);
            }
          } catch (IOException e) {
            failure.compareAndSet(null, "cannot spawn " + String.join(" ", argv) + ": " + e.getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, "interrupted");
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new BenchException("raw spawn loop: " + failure.get());
    }
    return new Run(List.copyOf(argv), count, parallel, (System.nanoTime() - t0) / 1e9);
  }
}
