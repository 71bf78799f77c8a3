package io.relayq.core.schedule;

/** A cron expression that cannot be parsed; the message names the field, the value and the fix. */
public final class InvalidCronException extends IllegalArgumentException {
  public InvalidCronException(String message) {
    super(message);
  }
}
