package io.relayq.cli.health;

import java.io.IOException;

/** Delivers one notification datagram ({@code READY=1}, {@code WATCHDOG=1}...) to {@code $NOTIFY_SOCKET}. */
interface NotifyTransport {
  /**
   * Sends {@code message} to the unix datagram socket at {@code socket} (a path, or {@code @name}
   * for the abstract namespace).
   *
   * @throws IOException when it could not be delivered; the message says why
   */
  void send(String socket, String message) throws IOException;

  /** Which way messages go, for logs and docs. */
  String describe();
}
