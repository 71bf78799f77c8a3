package io.relayq.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** The real time plus an offset a test can move, so leases expire without sleeping. */
final class TestClock implements InstantSource {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  void advance(Duration d) {
    offset.updateAndGet(o -> o.plus(d));
  }

  /** How far this clock is from the real time (negative: behind it). */
  Duration offset() {
    return offset.get();
  }
}
