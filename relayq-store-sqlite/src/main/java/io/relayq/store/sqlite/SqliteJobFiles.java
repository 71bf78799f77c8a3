package io.relayq.store.sqlite;

import static io.relayq.store.sqlite.JobRows.millis;

import io.relayq.core.files.JobFile;
import io.relayq.store.Fenced;
import io.relayq.store.files.FileBlob;
import io.relayq.store.files.JobFileEntry;
import io.relayq.store.files.JobFiles;
import io.relayq.store.files.UnknownUploadException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link JobFiles} in the SQLite file: each call one transaction, each chunk one write. */
final class SqliteJobFiles implements JobFiles {
  private final SqliteDatabase db;

  SqliteJobFiles(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void createBlob(String id, String storage, String createdBy, Instant createdAt) {
    db.write("file upload", sql -> sql.update(SqliteSql.CREATE_BLOB, id, storage, createdBy, millis(createdAt)));
  }

  @Override
  public void writeChunk(String blobId, int index, byte[] data) {
    db.write("file chunk", sql -> sql.update(SqliteSql.WRITE_CHUNK, blobId, index, data));
  }

  @Override
  public Optional<byte[]> readChunk(String blobId, int index) {
    return db.read("file chunk read", sql -> sql.one(SqliteSql.READ_CHUNK, rs -> rs.getBytes(1), blobId, index));
  }

  @Override
  public boolean completeBlob(String blobId, long size, String sha256) {
    return db.write("file upload", sql -> sql.update(SqliteSql.COMPLETE_BLOB, size, sha256, blobId) == 1);
  }

  @Override
  public Optional<FileBlob> findBlob(String blobId) {
    return db.read("file read", sql -> sql.one(SqliteSql.FIND_BLOB, SqliteJobFiles::blob, blobId));
  }

  @Override
  public boolean deleteBlob(String blobId) {
    return db.write("file deletion", sql -> sql.one(SqliteSql.DELETE_UNUSED_BLOB, rs -> true, blobId).isPresent());
  }

  @Override
  public Fenced attachOutput(String jobId, int attempt, String name, String blobId) {
    return db.write("output file", sql -> {
      Optional<Integer> running = sql.one(SqliteSql.JOB_LEASE,
          rs -> "running".equals(rs.getString(1)) ? rs.getInt(2) : -1, jobId);
      if (running.isEmpty()) {
        return Fenced.NOT_FOUND;
      }
      if (running.get() != attempt || sql.update(SqliteSql.ATTACH_OUTPUT, jobId, name, attempt, blobId) != 1) {
        return Fenced.STALE_LEASE;
      }
      sql.update(SqliteSql.MARK_BLOB_USED, blobId);
      return Fenced.ACCEPTED;
    });
  }

  @Override
  public List<JobFileEntry> jobFiles(String jobId) {
    return db.read("file listing", sql -> sql.list(SqliteSql.JOB_FILES, rs -> new JobFileEntry(
        JobFileEntry.Kind.fromWire(rs.getString("kind")), rs.getString("name"), blob(rs), rs.getInt("attempt")),
        jobId));
  }

  @Override
  public List<FileBlob> unusedBlobs(Instant abandonedBefore, int limit) {
    return db.read("unused files",
        sql -> sql.list(SqliteSql.UNUSED_BLOBS, SqliteJobFiles::blob, millis(abandonedBefore), limit));
  }

  @Override
  public List<String> deleteUnusedBlobs(List<String> blobIds) {
    return db.write("file deletion", sql -> {
      List<String> deleted = new ArrayList<>();
      for (String id : blobIds) {
        sql.one(SqliteSql.DELETE_UNUSED_BLOB, rs -> rs.getString(1), id).ifPresent(deleted::add);
      }
      return deleted;
    });
  }

  /** Links a new job's inputs to their uploads, inside the submit's transaction. */
  static void attachInputs(Jdbc sql, String jobId, List<JobFile> inputs) throws SQLException {
    List<String> missing = new ArrayList<>();
    for (JobFile f : inputs) {
      if (sql.update(SqliteSql.ATTACH_INPUT, jobId, f.name(), f.upload()) == 1) {
        sql.update(SqliteSql.MARK_BLOB_USED, f.upload());
      } else {
        missing.add(f.upload());
      }
    }
    if (!missing.isEmpty()) {
      throw new UnknownUploadException(missing);
    }
  }

  private static FileBlob blob(ResultSet rs) throws SQLException {
    return new FileBlob(rs.getString("id"), rs.getString("storage"), rs.getString("created_by"),
        Instant.ofEpochMilli(rs.getLong("created_at")), rs.getLong("size"), rs.getString("sha256"),
        rs.getInt("complete") != 0);
  }
}
