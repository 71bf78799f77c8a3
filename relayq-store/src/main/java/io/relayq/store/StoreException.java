package io.relayq.store;

/**
 * The store could not do what was asked (database unreachable, disk full, read-only). The message
 * says what failed; nothing was half-written.
 */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
