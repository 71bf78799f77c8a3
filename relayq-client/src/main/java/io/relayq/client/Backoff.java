package io.relayq.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for retrying calls to a coordinator that is down or restarting:
 * the ceiling doubles from {@code min} to {@code max} with each failure, and each wait is drawn
 * between half the ceiling and the ceiling, so many workers that lost the same coordinator do not
 * come back in lockstep. Not thread-safe: one instance per retrying loop.
 */
public final class Backoff {
  /** The range used for reconnecting to a coordinator: 100 ms up to 5 s. */
  public static final Duration DEFAULT_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(5);

  private final long minNanos;
  private final long maxNanos;
  private long ceilingNanos;

  public Backoff(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < min <= max, got min " + min + ", max " + max);
    }
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
    this.ceilingNanos = minNanos;
  }

  /** 100 ms up to 5 s. */
  public static Backoff standard() {
    return new Backoff(DEFAULT_MIN, DEFAULT_MAX);
  }

  /** The wait before the next try; each call doubles the ceiling for the one after. */
  public Duration next() {
    long ceiling = ceilingNanos;
    ceilingNanos = Math.min(maxNanos, ceiling * 2);
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  /** Sleeps for {@link #next()}. */
  public void pause() throws InterruptedException {
    Thread.sleep(next());
  }

  /** Starts again from {@code min} after a success. */
  public void reset() {
    ceilingNanos = minNanos;
  }
}
