package io.relayq.client;

import java.util.Optional;

/**
 * A live subscription to the coordinator's job history, from {@link Relayq#events}. Events arrive
 * on one background thread, in order, each once. A dropped connection is re-opened with backoff from
 * the last event received, so a coordinator restart loses nothing once an event has arrived. Close
 * it to stop; closing waits (up to 5 s) for the event being delivered, so no event arrives after
 * {@link #close()} returns, unless close is called from the listener itself.
 */
public interface EventSubscription extends AutoCloseable {

  /** The sequence number of the last event delivered; resume with {@link Relayq#events(long, java.util.function.Consumer)}. */
  long lastSeq();

  /** False once closed, or once it ended on its own (see {@link #failure()}). */
  boolean isOpen();

  /**
   * What ended the subscription on its own: the listener threw, an event could not be read, or the
   * coordinator refused a reconnect (4xx). Empty while it runs and after {@link #close()}.
   */
  Optional<RuntimeException> failure();

  /** Stops the subscription and closes its connection. Calling it again does nothing. */
  @Override
  void close();
}
