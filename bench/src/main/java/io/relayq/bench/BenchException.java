package io.relayq.bench;

/** A scenario cannot go on: a process died, a job failed, something did not happen in time. */
final class BenchException extends RuntimeException {
  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
