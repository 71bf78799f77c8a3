package io.relayq.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few JDBC shapes the driver uses: run a statement with parameters, map its rows. Parameters
 * are bound by type: instants as timestamptz, string lists as text[].
 */
final class Jdbc {
  private Jdbc() {}

  /** Maps one row; may throw {@link SQLException} like the {@link ResultSet} getters do. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  /** All rows of a query (or of an {@code UPDATE ... RETURNING}). */
  static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    List<T> rows = list(c, sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      bind(ps, params);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Instant instant) {
        ps.setObject(i + 1, PgRows.timestamp(instant));
      } else if (p instanceof List<?> list) {
        ps.setArray(i + 1, ps.getConnection().createArrayOf("text", list.toArray()));
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }
}
