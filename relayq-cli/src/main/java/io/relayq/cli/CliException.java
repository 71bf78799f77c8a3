package io.relayq.cli;

/**
 * A failure to report to the user as one line (no stack trace) and end the command with
 * {@link #exitCode()}. The message says what is wrong and how to fix it.
 */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A usage error: bad flags or arguments, exit code {@link ExitCodes#USAGE}. */
  public static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
