package io.relayq.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Warns when a coordinator listens beyond this machine: its API runs shell commands. */
final class Exposure {
  private Exposure() {}

  static void warnIfOpen(CliContext ctx, String bind) {
    boolean loopback;
    try {
      loopback = InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      ctx.note("warning: listening on " + bind + ": anyone who can reach this port can run commands here, "
          + "as this user. Keep it on a trusted network, or use --bind 127.0.0.1");
    }
  }
}
