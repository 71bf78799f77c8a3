package io.relayq.cli;

import io.relayq.client.ApiErrorException;
import io.relayq.client.BadRequestException;
import io.relayq.client.ConflictException;
import io.relayq.client.NotFoundException;
import io.relayq.client.RelayqException;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.UnreachableException;
import io.relayq.client.UntrustedServerException;
import io.relayq.core.InvalidJobException;

/**
 * Turns any exception a command throws into what the user sees: one line that says what is wrong
 * and how to fix it, and the exit code ({@link ExitCodes}). The one place where client errors meet
 * exit codes.
 */
final class Failures {
  private Failures() {}

  /** What to print and how to exit. */
  record Failure(int exitCode, String message) {}

  /**
   * Describes {@code e}; {@code server} is the address the command talked to (null when it had
   * none) and {@code prog} how the user calls relayq.
   */
  static Failure describe(Throwable e, ServerAddress server, String prog) {
    if (e instanceof CliException c) {
      return new Failure(c.exitCode(), c.getMessage());
    }
    if (e instanceof UntrustedServerException u) {
      return new Failure(ExitCodes.TLS_UNTRUSTED, "cannot verify the TLS certificate of relayq at " + where(server)
          + " (" + u.reason() + "): if your own CA signed it, pass that CA's certificate with --ca-file FILE (or"
          + " RELAYQ_CA_FILE, or ca_file: in ~/.relayq/config.yml); if it does not name the host in the URL, use a"
          + " name it lists");
    }
    if (e instanceof UnreachableException u) {
      return new Failure(ExitCodes.UNREACHABLE, unreachable(u, server, prog));
    }
    if (e instanceof ServerUnavailableException s) {
      return new Failure(ExitCodes.UNREACHABLE, "relayq at " + where(server) + " cannot serve the request now ("
          + s.status() + " " + s.code() + "): " + s.getMessage() + "; nothing was changed, try again shortly");
    }
    if (e instanceof NotFoundException n) {
      return new Failure(ExitCodes.NOT_FOUND, n.getMessage());
    }
    if (e instanceof BadRequestException b) {
      return new Failure(ExitCodes.USAGE, b.getMessage());
    }
    if (e instanceof ConflictException c) {
      return new Failure(ExitCodes.FAILED, c.getMessage());
    }
    if (e instanceof ApiErrorException a) {
      if (a.status() == 401 || a.status() == 403) {
        return new Failure(ExitCodes.AUTH_REFUSED, "relayq at " + where(server) + " refused the request ("
            + a.status() + "): " + a.getMessage());
      }
      return new Failure(ExitCodes.FAILED, "relayq at " + where(server) + " answered " + a.status() + " "
          + a.code() + ": " + a.getMessage());
    }
    if (e instanceof RelayqException r) {
      return new Failure(ExitCodes.FAILED, r.getMessage());
    }
    if (e instanceof InvalidJobException i) {
      return new Failure(ExitCodes.USAGE, i.getMessage());
    }
    return new Failure(ExitCodes.FAILED, "unexpected error: " + e
        + " (this is a bug; please report it with the output of the same command run with RELAYQ_DEBUG=1)");
  }

  private static String unreachable(UnreachableException u, ServerAddress server, String prog) {
    String url = where(server);
    StringBuilder m = new StringBuilder("cannot reach relayq at ").append(url)
        .append(" (").append(u.reason()).append("): ")
        .append(server != null && server.uris().size() > 1 ? "is any of them running? " : "is it running? ");
    if (server == null || server.isDefault()) {
      m.append("Start it with: ").append(prog).append(" up");
    } else {
      m.append("The address comes from ").append(server.source())
          .append("; start relayq there, or point --server at a running one");
    }
    return m.toString();
  }

  /** The coordinator, or with several {@code a or b}: a call fails only when none of them served it. */
  private static String where(ServerAddress server) {
    return server == null ? "the server" : String.join(" or ", server.uris().stream().map(Object::toString).toList());
  }
}
