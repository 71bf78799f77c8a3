package io.relayq.store.sqlite;

import io.relayq.store.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns SQLite failures into {@link StoreException}s that say what is wrong with the database file
 * and how to fix it. The caller has already rolled the transaction back.
 */
final class SqliteFailures {
  // primary result codes (the low byte of extended ones), from sqlite3.h
  private static final int BUSY = 5;
  private static final int LOCKED = 6;
  private static final int READONLY = 8;
  private static final int IOERR = 10;
  private static final int CORRUPT = 11;
  private static final int FULL = 13;
  private static final int CANTOPEN = 14;
  private static final int NOTADB = 26;

  private SqliteFailures() {}

  /**
   * @param operation what was being done, as a noun ({@code submit}, {@code job read})
   * @param writing true inside a write transaction, whose rollback the message then reports
   */
  static StoreException translate(SQLException e, Path file, String operation, boolean writing) {
    String undone = writing ? " (the " + operation + " was rolled back: nothing was written)" : "";
    SQLiteException sqlite = find(e);
    if (sqlite == null) {
      return new StoreException("the store failed during " + operation + " on " + file + ": " + e.getMessage(), e);
    }
    SQLiteErrorCode code = sqlite.getResultCode();
    String message = switch (code.code & 0xff) {
      case FULL -> "the store cannot write: disk full at " + file + "; free some space on that disk" + undone;
      case READONLY -> "the store cannot write: " + file + " is read-only; make the file, its -wal and -shm"
          + " files and their directory writable by this user" + undone;
      case IOERR -> "the store cannot read or write " + file + ": I/O error " + code.name()
          + "; check the disk and the file system" + undone;
      case CANTOPEN -> "the store cannot open " + file
          + ": check that its directory exists and is writable by this user";
      case BUSY, LOCKED -> "the store is busy: " + file + " stayed locked by another process for more than "
          + SqliteDatabase.BUSY_TIMEOUT_MS + " ms; is a second relayq server using the same data directory?"
          + undone;
      case NOTADB, CORRUPT -> file + " is not a relayq SQLite database or is damaged (" + code.name()
          + "); point relayq at another data directory or restore the file from a backup";
      default -> "the store failed during " + operation + " on " + file + ": " + sqlite.getMessage();
    };
    return new StoreException(message, e);
  }

  /** The SQLite failure behind a JDBC or pool exception, if there is one. */
  static SQLiteException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s) {
        return s;
      }
    }
    return null;
  }
}
