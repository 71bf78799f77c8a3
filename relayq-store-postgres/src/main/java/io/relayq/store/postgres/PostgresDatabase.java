package io.relayq.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.relayq.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A pool of connections to one PostgreSQL database, and the transaction discipline of the driver:
 * every write is one transaction that commits whole or rolls back whole.
 */
final class PostgresDatabase implements AutoCloseable {
  static final int DEFAULT_POOL_SIZE = 10;
  private static final long CONNECT_TIMEOUT_MS = 10_000;

  /** Work done on a connection; the database wraps it in a transaction or a plain read. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final PostgresUrl url;
  private final String where;
  private final HikariDataSource pool;
  private volatile boolean closed;

  private PostgresDatabase(PostgresUrl url, HikariDataSource pool) {
    this.url = url;
    this.where = PostgresUrl.redact(url.jdbcUrl());
    this.pool = pool;
  }

  /** Connects, brings the schema up to date, and keeps up to {@code poolSize} connections. */
  static PostgresDatabase open(PostgresUrl url, int poolSize) {
    String where = PostgresUrl.redact(url.jdbcUrl());
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config(url, poolSize));
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      SQLException cause = PostgresFailures.find(e);
      if (cause != null) {
        throw PostgresFailures.translate(cause, where, "connection", false);
      }
      throw new StoreException("cannot connect to PostgreSQL at " + where + ": " + e.getMessage(), e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/relayq/postgres")
          .table("relayq_schema_history")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      pool.close();
      SQLException cause = PostgresFailures.find(e);
      if (cause != null) {
        throw PostgresFailures.translate(cause, where, "schema migration", true);
      }
      throw new StoreException("cannot prepare the relayq schema in " + where + ": " + e.getMessage(), e);
    }
    return new PostgresDatabase(url, pool);
  }

  PostgresUrl url() {
    return url;
  }

  /** The URL without its password, for messages. */
  String where() {
    return where;
  }

  /**
   * Runs {@code work} in one transaction and commits it. Any failure rolls everything back:
   * database failures become a {@link StoreException} naming {@code operation}, other exceptions
   * pass through unchanged.
   */
  <T> T write(String operation, Work<T> work) {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException e) {
        rollback(c);
        throw PostgresFailures.translate(e, where, operation, true);
      } catch (RuntimeException | Error e) {
        rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw PostgresFailures.translate(e, where, operation, false);
    }
  }

  /** Runs {@code work} on a pooled connection in auto-commit mode. */
  <T> T read(String operation, Work<T> work) {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw PostgresFailures.translate(e, where, operation, false);
    }
  }

  /**
   * Runs {@code work} in one read-only, repeatable-read transaction, so all its queries see the same
   * committed state.
   */
  <T> T readSnapshot(String operation, Work<T> work) {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return work.run(c);
      } finally {
        rollback(c);
      }
    } catch (SQLException e) {
      throw PostgresFailures.translate(e, where, operation, false);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.close();
  }

  private static HikariConfig config(PostgresUrl url, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      config.setUsername(url.user());
    }
    if (url.password() != null) {
      config.setPassword(url.password());
    }
    config.setPoolName("relayq-postgres");
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
    config.addDataSourceProperty("ApplicationName", "relayq");
    config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT_MS / 1000));
    return config;
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("the store on " + where + " is closed");
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // the connection is broken; the server rolls the transaction back when it drops
    }
  }
}
