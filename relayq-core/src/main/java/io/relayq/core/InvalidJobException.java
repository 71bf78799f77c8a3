package io.relayq.core;

/** A submission that cannot become a job; the message names the field and how to fix it. */
public final class InvalidJobException extends RuntimeException {
  private final String field;

  public InvalidJobException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
