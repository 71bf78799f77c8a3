package io.relayq.store.testkit;

import java.time.Instant;

/** Entry point of the job test data builders: {@code Jobs.aJob().withPriority(5).build()}. */
public final class Jobs {
  /** The fixed start of every test's fake timeline; instants are whole milliseconds, as stored. */
  public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private Jobs() {}

  /** A shell job ({@code echo hello}) with every setting at its default, submitted at {@link #T0}. */
  public static JobBuilder aJob() {
    return new JobBuilder();
  }
}
