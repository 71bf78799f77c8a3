package io.relayq.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few JDBC shapes the driver uses on one connection: run a statement with parameters, map its
 * rows.
 *
 * <p>On the writer connection statements are prepared once and kept ({@link #caching}): the writer
 * runs the same few dozen constant statements all day, and preparing one means parsing and planning
 * its SQL again on the one thread every write waits for. Only the writer thread uses that
 * connection, so the cache needs no locking; its size is bounded by the driver's constant SQL. On
 * pooled read connections ({@link #once}) each statement is closed after use.
 */
final class Jdbc implements AutoCloseable {

  /** Maps one row; may throw {@link SQLException} like the {@link ResultSet} getters do. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Connection c;
  /** Prepared statements by SQL text; null when statements are not kept. */
  private final Map<String, PreparedStatement> kept;

  private Jdbc(Connection c, Map<String, PreparedStatement> kept) {
    this.c = c;
    this.kept = kept;
  }

  /** Keeps every statement it prepares until {@link #close()}. */
  static Jdbc caching(Connection c) {
    return new Jdbc(c, new HashMap<>());
  }

  /** Prepares each statement for one use. */
  static Jdbc once(Connection c) {
    return new Jdbc(c, null);
  }

  int update(String sql, Object... params) throws SQLException {
    return run(sql, params, PreparedStatement::executeUpdate);
  }

  /** Runs a statement without parameters or rows (transaction control, PRAGMAs that set). */
  void execute(String sql) throws SQLException {
    run(sql, new Object[0], PreparedStatement::execute);
  }

  /** All rows of a query (or of an {@code UPDATE ... RETURNING}), read fully before returning. */
  <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    return read(sql, rs -> {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }, params);
  }

  <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    return read(sql, rs -> rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty(), params);
  }

  /**
   * Runs a query and hands its result set to {@code reader}, which may stop stepping early; the
   * rows not read are never computed.
   */
  <T> T read(String sql, RowMapper<T> reader, Object... params) throws SQLException {
    return run(sql, params, ps -> {
      try (ResultSet rs = ps.executeQuery()) {
        return reader.map(rs);
      }
    });
  }

  /** Runs one statement once per parameter row, as one JDBC batch. */
  void batch(String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    run(sql, new Object[0], ps -> {
      for (Object[] row : rows) {
        bind(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
      ps.clearBatch();
      return null;
    });
  }

  /**
   * Closes the kept statements. Called after a SQLite error too, since a statement that failed
   * midway is better prepared afresh than trusted.
   */
  @Override
  public void close() {
    if (kept == null) {
      return;
    }
    for (PreparedStatement ps : kept.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // the statement is dropped either way; its connection reports real trouble on next use
      }
    }
    kept.clear();
  }

  @FunctionalInterface
  private interface Body<T> {
    T run(PreparedStatement ps) throws SQLException;
  }

  /**
   * Prepares (or takes the kept) statement, binds it and runs {@code body}. A kept statement is
   * unbound afterwards, so it holds no caller's data (output bytes); one that failed is dropped,
   * and the failure is what the caller sees.
   */
  private <T> T run(String sql, Object[] params, Body<T> body) throws SQLException {
    PreparedStatement ps = kept == null ? null : kept.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
    }
    T result;
    try {
      bind(ps, params);
      result = body.run(ps);
    } catch (SQLException | RuntimeException e) {
      discard(sql, ps, e);
      throw e;
    }
    if (kept == null) {
      ps.close();
    } else {
      ps.clearParameters();
      kept.put(sql, ps);
    }
    return result;
  }

  private void discard(String sql, PreparedStatement ps, Exception failure) {
    if (kept != null) {
      kept.remove(sql);
    }
    try {
      ps.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }
}
