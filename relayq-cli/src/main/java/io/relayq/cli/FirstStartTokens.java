package io.relayq.cli;

import io.relayq.client.LocalTokenFile;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.JobStore;
import io.relayq.store.TokenIssuer;
import io.relayq.store.TokenNameTakenException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The tokens a coordinator started from the CLI makes for itself: on the first start of a store
 * (no token at all yet) an admin token, written mode 0600 to {@code ~/.relayq/token} where the
 * CLI, the Java and the Python client of this user find it; and for {@code relayq up}, a worker
 * token for its local worker.
 */
final class FirstStartTokens {
  /** The name of the admin token the first start creates. */
  static final String ADMIN_NAME = "admin";
  /** The name of the worker token {@code relayq up} gives its own worker; replaced on every start. */
  static final String LOCAL_WORKER_NAME = "local-worker";

  private FirstStartTokens() {}

  /**
   * Creates the admin token and its file when the store has no token yet; says where the file is
   * (never the token). Does nothing on later starts.
   */
  static void ensureAdmin(JobStore store, CliContext ctx, InstantSource clock) {
    if (!store.listTokens().isEmpty()) {
      return;
    }
    String token;
    try {
      token = TokenIssuer.issue(store, ADMIN_NAME, TokenRole.ADMIN, clock.instant());
    } catch (TokenNameTakenException e) {
      return; // another coordinator on the same database made it at the same moment
    }
    Path file = LocalTokenFile.path(ctx.env());
    try {
      LocalTokenFile.write(file, token);
    } catch (UncheckedIOException e) {
      store.revokeToken(ADMIN_NAME, clock.instant());
      throw new CliException(ExitCodes.FAILED, e.getMessage() + "; the admin token was revoked again. Make "
          + UserDirs.display(file.getParent(), ctx.env()) + " writable and start again", e);
    }
    ctx.note("first start: created the admin token '" + ADMIN_NAME + "' and saved it (mode 0600) in "
        + UserDirs.display(file, ctx.env()) + ", where relayq on this machine finds it");
  }

  /** A fresh worker token for the local worker of {@code relayq up}; the one of its last start is revoked. */
  static String localWorker(JobStore store, InstantSource clock) {
    store.revokeToken(LOCAL_WORKER_NAME, clock.instant());
    return TokenIssuer.issue(store, LOCAL_WORKER_NAME, TokenRole.WORKER, clock.instant());
  }
}
