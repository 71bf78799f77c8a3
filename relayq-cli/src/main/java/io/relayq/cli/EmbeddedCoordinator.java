package io.relayq.cli;

import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.coordinator.TlsIdentity;
import io.relayq.store.JobStore;
import io.relayq.store.StoreException;
import io.relayq.store.postgres.PostgresJobStore;
import io.relayq.store.postgres.PostgresUrl;
import io.relayq.store.sqlite.SqliteJobStore;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * A coordinator over the SQLite store of a data directory, or over a PostgreSQL database: what
 * {@code relayq up} and {@code relayq server} run. Every start-up failure becomes a
 * {@link CliException} that says how to fix it. Closing stops the coordinator, then closes the
 * store.
 */
final class EmbeddedCoordinator implements AutoCloseable {
  static final String DB_FILE = "relayq.db";

  private final JobStore store;
  private final Coordinator coordinator;
  private final String storeName;
  private final TlsIdentity tls;

  private EmbeddedCoordinator(JobStore store, Coordinator coordinator, String storeName, TlsIdentity tls) {
    this.store = store;
    this.coordinator = coordinator;
    this.storeName = storeName;
    this.tls = tls;
  }

  /**
   * Opens (or creates) {@code DIR/relayq.db} and serves it as the options say; {@code command} is
   * the relayq command that asked, for the hints in error messages.
   */
  static EmbeddedCoordinator start(ServeOptions options, CliContext ctx, String command) {
    return start(options, ctx, command, null, PostgresJobStore.DEFAULT_POOL_SIZE);
  }

  /**
   * As {@link #start(ServeOptions, CliContext, String)}, over the PostgreSQL database at
   * {@code dbUrl} ({@code postgresql://user@host:5432/db} or a JDBC URL), with a pool of
   * {@code poolSize} connections, when it is not null. Several coordinators may share that database;
   * a submit to any of them wakes idle workers polling all of them.
   */
  static EmbeddedCoordinator start(ServeOptions options, CliContext ctx, String command, String dbUrl,
      int poolSize) {
    Path dataDir = options.dataDir(ctx);
    TlsIdentity tls = options.tls(ctx);
    String bind = options.bind;
    int port = options.port;
    CoordinatorConfig config;
    try {
      config = CoordinatorConfig.defaults().withBind(bind).withPort(port).withRetention(options.retention)
          .withMaxOutputBytes(options.maxOutputBytes(ctx))
          .withFiles(options.files())
          .withTemplates(ConfigLoader.templates(ctx.config(), ctx.configFileForDisplay()));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot create the data directory " + dataDir + " (" + e
          + "): pick another with --data DIR");
    }
    JobStore store;
    String storeName;
    if (dbUrl == null) {
      Path dbFile = dataDir.resolve(DB_FILE);
      storeName = UserDirs.display(dbFile, ctx.env());
      try {
        store = SqliteJobStore.open(dbFile);
      } catch (StoreException e) {
        throw new CliException(ExitCodes.FAILED, "cannot open the store " + dbFile + ": " + e.getMessage(), e);
      }
    } else {
      storeName = PostgresUrl.redact(dbUrl);
      try {
        store = PostgresJobStore.open(PostgresUrl.parse(dbUrl, ctx.env()), poolSize);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--db: " + e.getMessage());
      } catch (StoreException e) {
        throw new CliException(ExitCodes.FAILED, "cannot open the store " + storeName + ": " + e.getMessage(), e);
      }
    }
    try {
      FirstStartTokens.ensureAdmin(store, ctx, InstantSource.system());
      Coordinator coordinator = Coordinator.start(config, tls, store, InstantSource.system());
      if (store instanceof PostgresJobStore postgres) {
        postgres.onJobSubmitted(coordinator::wakeIdleWorkers);
      }
      return new EmbeddedCoordinator(store, coordinator, storeName, tls);
    } catch (RuntimeException e) {
      store.close();
      if (causedBy(e, BindException.class)) {
        throw new CliException(ExitCodes.FAILED, "port " + port + " on " + bind + " is already in use: "
            + "is relayq already running? Stop it, or pick another port, like: "
            + ctx.prog() + " " + command + " --port " + (port + 1), e);
      }
      throw new CliException(ExitCodes.FAILED, e.getMessage(), e);
    }
  }

  URI url() {
    return coordinator.url();
  }

  /** The certificate and key it serves HTTPS with, or null when it serves plain HTTP. */
  TlsIdentity tls() {
    return tls;
  }

  /** A new worker token for the worker {@code relayq up} runs beside this coordinator. */
  String localWorkerToken() {
    return FirstStartTokens.localWorker(store, InstantSource.system());
  }

  /** Where the queue lives, for people: a file path, or a database URL without its password. */
  String storeName() {
    return storeName;
  }

  @Override
  public void close() {
    try {
      coordinator.close();
    } finally {
      store.close();
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
