package io.relayq.store.postgres;

import io.relayq.store.StoreException;
import java.sql.SQLException;

/**
 * Turns PostgreSQL failures into {@link StoreException}s that say what is wrong and what to do.
 * The caller has already rolled the transaction back.
 */
final class PostgresFailures {
  private PostgresFailures() {}

  /**
   * @param operation what was being done, as a noun ({@code submit}, {@code job read})
   * @param writing true inside a write transaction, whose rollback the message then reports
   */
  static StoreException translate(SQLException e, String where, String operation, boolean writing) {
    SQLException sql = first(e);
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    String undone = writing ? " (the " + operation + " was rolled back: nothing was written)" : "";
    String message;
    if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
      message = "cannot reach the PostgreSQL database at " + where + " (" + sql.getMessage()
          + "); check that the server runs and accepts connections from this host" + undone;
    } else if (state.startsWith("28")) {
      message = "PostgreSQL refused the login to " + where + ": " + sql.getMessage()
          + "; check the user in the URL and the password (" + PostgresUrl.PASSWORD_ENV + " or "
          + PostgresUrl.PASSWORD_FILE_ENV + ")";
    } else if (state.equals("3D000")) {
      message = "the database at " + where + " does not exist: create it (createdb) or fix the URL";
    } else if (state.equals("53100")) {
      message = "the store cannot write: the PostgreSQL server at " + where + " is out of disk space" + undone;
    } else if (state.equals("25006")) {
      message = "the store cannot write: the PostgreSQL server at " + where
          + " is read-only (a standby?); point relayq at the primary" + undone;
    } else if (state.startsWith("53")) {
      message = "the PostgreSQL server at " + where + " is out of resources: " + sql.getMessage() + undone;
    } else if (state.equals("40001") || state.equals("40P01")) {
      message = "the " + operation + " collided with a concurrent change at " + where + " (" + sql.getMessage()
          + "); retry it" + undone;
    } else if (sql.getMessage() != null && sql.getMessage().contains("Connection is not available")) {
      message = "the store is overloaded: " + sql.getMessage() + undone;
    } else {
      message = "the store failed during " + operation + " on " + where + " (SQLState " + state + "): "
          + sql.getMessage() + undone;
    }
    return new StoreException(message, e);
  }

  /** The PostgreSQL failure behind a pool exception, if any, else {@code e}. */
  private static SQLException first(SQLException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return e.getSQLState() == null ? s : e;
      }
    }
    return e;
  }

  /** The SQL failure behind a pool or migration exception, if there is one. */
  static SQLException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }
}
