package io.relayq.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.relayq.store.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections to one SQLite file: a single writer connection owned by one writer thread,
 * because SQLite allows one writer at a time and queueing in Java is cheaper and fairer than
 * SQLITE_BUSY retries; and a small pool of read-only connections, which WAL mode lets read while
 * the writer writes.
 *
 * <p>Every connection runs in WAL mode with {@code synchronous=FULL}: a commit is on disk (the WAL
 * fsynced) before it returns, so a job is durable once submit returns.
 *
 * <p>Group commit: callers hand their transactions to the writer thread, which runs all that are
 * waiting, each inside its own savepoint, in one transaction, and answers them only after the one
 * COMMIT (one fsync) that covers them all. A call that fails undoes only its savepoint; a SQLite
 * error (after which SQLite may have dropped the whole transaction) fails that call and runs the
 * others again in a fresh transaction, so no call ever sees another's failure.
 *
 * <p>The writer keeps its statements prepared (see {@link Jdbc#caching}); work handed to it should
 * leave decoding (JSON) to the caller's thread where it can, since the writer thread is the one
 * place where all writes wait.
 */
final class SqliteDatabase implements AutoCloseable {
  static final int BUSY_TIMEOUT_MS = 5000;
  private static final int READ_POOL_SIZE = 4;
  /** Most transactions one commit covers; bounds how long the first of a group waits. */
  private static final int MAX_GROUP = 256;

  /** Work done on a connection; the database wraps it in a transaction or a pooled read. */
  @FunctionalInterface
  interface Work<T> {
    T run(Jdbc sql) throws SQLException;
  }

  private final Path file;
  private final Connection writer;
  /** The writer's statements, kept prepared; used by the writer thread only. */
  private final Jdbc writerSql;
  private final HikariDataSource readers;
  private final BlockingQueue<WriteTask<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writerThread;
  private final WriteTask<Void> stop = new WriteTask<>("close", c -> null);
  private volatile boolean closed;

  private SqliteDatabase(Path file, Connection writer, HikariDataSource readers) {
    this.file = file;
    this.writer = writer;
    this.writerSql = Jdbc.caching(writer);
    this.readers = readers;
    this.writerThread = Thread.ofPlatform().daemon().name("relayq-sqlite-writer").start(this::writeLoop);
  }

  /** Creates the file's directory, migrates the schema and opens the connections. */
  static SqliteDatabase open(Path dbFile) {
    Path file = dbFile.toAbsolutePath().normalize();
    createDirectory(file.getParent());
    SQLiteDataSource source = new SQLiteDataSource(config());
    source.setUrl("jdbc:sqlite:" + file);
    migrate(source, file);
    Connection writer = null;
    try {
      writer = source.getConnection();
      return new SqliteDatabase(file, writer, readPool(source));
    } catch (SQLException e) {
      closeQuietly(writer);
      throw SqliteFailures.translate(e, file, "opening the store", false);
    } catch (RuntimeException e) {
      closeQuietly(writer);
      SQLException cause = SqliteFailures.find(e);
      throw cause != null ? SqliteFailures.translate(cause, file, "opening the store", false) : e;
    }
  }

  Path file() {
    return file;
  }

  /**
   * Runs {@code work} in a write transaction and returns once it is committed to disk. Any failure
   * undoes all of {@code work}: SQLite failures become a {@link StoreException} naming
   * {@code operation}, other exceptions pass through unchanged.
   */
  <T> T write(String operation, Work<T> work) {
    WriteTask<T> task = new WriteTask<>(operation, work);
    synchronized (queue) {
      checkOpen();
      queue.add(task);
    }
    try {
      return task.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) e.getCause();
    }
  }

  /** How many write transactions wait for the writer thread; for tests that build a group. */
  int queuedWrites() {
    return queue.size();
  }

  /** Runs {@code work} on a pooled read-only connection. */
  <T> T read(String operation, Work<T> work) {
    checkOpen();
    try (Connection c = readers.getConnection()) {
      return work.run(Jdbc.once(c));
    } catch (SQLException e) {
      throw SqliteFailures.translate(e, file, operation, false);
    }
  }

  /**
   * Runs {@code work} on a pooled read-only connection inside one read transaction, so all its
   * queries see the same committed state.
   */
  <T> T readSnapshot(String operation, Work<T> work) {
    checkOpen();
    try (Connection c = readers.getConnection()) {
      c.setAutoCommit(false);
      try {
        return work.run(Jdbc.once(c));
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw SqliteFailures.translate(e, file, operation, false);
    }
  }

  @Override
  public void close() {
    synchronized (queue) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stop);
    }
    try {
      writerThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    readers.close();
    writerSql.close();
    closeQuietly(writer);
  }

  // ---- the writer thread -----------------------------------------------------------------------

  /** One caller's transaction; its result is held back until the group's commit. */
  private static final class WriteTask<T> {
    final String operation;
    final Work<T> work;
    final CompletableFuture<T> result = new CompletableFuture<>();
    T value;

    WriteTask(String operation, Work<T> work) {
      this.operation = operation;
      this.work = work;
    }

    void run(Jdbc sql) throws SQLException {
      value = work.run(sql);
    }

    void committed() {
      result.complete(value);
    }

    void fail(Throwable e) {
      result.completeExceptionally(e);
    }
  }

  private void writeLoop() {
    List<WriteTask<?>> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(group, MAX_GROUP - 1);
      int stopAt = group.indexOf(stop);
      if (stopAt >= 0) {
        stopping = true;
        group = new ArrayList<>(group.subList(0, stopAt));
      }
      List<WriteTask<?>> pending = group;
      while (!pending.isEmpty()) {
        pending = commitGroup(pending);
      }
      group = new ArrayList<>();
    }
    for (WriteTask<?> left : queue) {
      left.fail(new StoreException("the store on " + file + " is closed"));
    }
  }

  /**
   * Runs the tasks in one transaction and commits it. Returns the tasks to run again: those that
   * shared a transaction with a task that hit a SQLite error.
   */
  private List<WriteTask<?>> commitGroup(List<WriteTask<?>> tasks) {
    try {
      execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      tasks.forEach(t -> t.fail(SqliteFailures.translate(e, file, t.operation, true)));
      return List.of();
    }
    List<WriteTask<?>> done = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      WriteTask<?> task = tasks.get(i);
      try {
        execute("SAVEPOINT task");
        task.run(writerSql);
        execute("RELEASE task");
        done.add(task);
      } catch (SQLException e) {
        rollback();
        task.fail(SqliteFailures.translate(e, file, task.operation, true));
        List<WriteTask<?>> again = new ArrayList<>(done);
        again.addAll(tasks.subList(i + 1, tasks.size()));
        return again;
      } catch (RuntimeException | Error e) {
        try {
          execute("ROLLBACK TO task");
          execute("RELEASE task");
        } catch (SQLException undo) {
          rollback();
          task.fail(e);
          List<WriteTask<?>> again = new ArrayList<>(done);
          again.addAll(tasks.subList(i + 1, tasks.size()));
          return again;
        }
        task.fail(e);
      }
    }
    try {
      execute("COMMIT");
    } catch (SQLException e) {
      rollback();
      done.forEach(t -> t.fail(SqliteFailures.translate(e, file, t.operation, true)));
      return List.of();
    }
    done.forEach(WriteTask::committed);
    return List.of();
  }

  private void execute(String sql) throws SQLException {
    writerSql.execute(sql);
  }

  // ---- opening ---------------------------------------------------------------------------------

  private static SQLiteConfig config() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    return config;
  }

  private static void createDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new StoreException("cannot create the data directory " + dir + ": " + e.getFile()
          + " exists and is not a directory; choose another data directory", e);
    } catch (IOException | SecurityException e) {
      throw new StoreException("cannot create the data directory " + dir + " (" + e
          + "); choose a directory this user may write", e);
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException("the data directory " + dir + " is not writable by this user;"
          + " fix its permissions or choose another data directory");
    }
  }

  private static void migrate(SQLiteDataSource source, Path file) {
    try {
      Flyway.configure()
          .dataSource(source)
          .locations("classpath:db/relayq/sqlite")
          .table("relayq_schema_history")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      SQLException cause = SqliteFailures.find(e);
      if (cause != null) {
        throw SqliteFailures.translate(cause, file, "schema migration", true);
      }
      throw new StoreException("cannot prepare the database schema in " + file + ": " + e.getMessage(), e);
    }
  }

  private static HikariDataSource readPool(SQLiteDataSource source) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(source);
    config.setPoolName("relayq-sqlite-read");
    config.setMaximumPoolSize(READ_POOL_SIZE);
    config.setMinimumIdle(1);
    // a read connection can never write, whatever a bug asks of it
    config.setConnectionInitSql("PRAGMA query_only = 1");
    return new HikariDataSource(config);
  }

  // ---- internals -------------------------------------------------------------------------------

  private void checkOpen() {
    if (closed) {
      throw new StoreException("the store on " + file + " is closed");
    }
  }

  /** Rolls back after a SQLite error, and drops the kept statements: one may have failed midway. */
  private void rollback() {
    writerSql.close();
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite already rolled back by itself (it does on disk-full and some I/O errors)
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // closing after a failure: the first failure is the one to report
    }
  }
}
