package io.relayq.core.api;

/**
 * A running attempt's progress, as its job last wrote it to {@code $RELAYQ_PROGRESS_FILE}.
 *
 * @param percent 0-100
 * @param text a short status line, or null
 */
public record ProgressReport(String jobId, int attempt, int percent, String text) {
  /** The longest status line the coordinator stores. */
  public static final int MAX_TEXT_LENGTH = 200;
}
