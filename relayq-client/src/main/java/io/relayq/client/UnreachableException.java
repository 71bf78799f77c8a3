package io.relayq.client;

/**
 * No reply from the coordinator: connection refused, timed out, unknown host, or the connection
 * closed before an answer. The request may or may not have been processed when the connection
 * broke after it was sent, so only idempotent calls should be retried blindly. The message names
 * the server and how to fix the usual cause, like {@code cannot reach relayq at
 * http://127.0.0.1:8750 (connection refused): is the coordinator running? start it with: relayq up}.
 */
public class UnreachableException extends RelayqException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public UnreachableException(String server, String reason, String hint, Throwable cause) {
    super("cannot reach relayq at " + server + " (" + reason + "): " + hint, cause);
    this.reason = reason;
  }

  @Override
  public int status() {
    return 0;
  }

  @Override
  public String code() {
    return "unreachable";
  }

  /** The short cause alone, like {@code connection refused}. */
  public String reason() {
    return reason;
  }
}
