package io.relayq.client;

/**
 * Base of every failure of a relayq call. Unchecked: callers handle the kinds they can act on
 * ({@link NotFoundException}, {@link ConflictException}, {@link UnreachableException}...) and let
 * the rest propagate with a message that already says what went wrong.
 */
public abstract class RelayqException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected RelayqException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status of the reply, or 0 when no reply was received. */
  public abstract int status();

  /** The error code, like {@code not_found} or {@code stale_lease}; {@code unreachable} without a reply. */
  public abstract String code();
}
