package io.relayq.store.postgres;

import io.relayq.core.files.JobFile;
import io.relayq.store.Fenced;
import io.relayq.store.files.FileBlob;
import io.relayq.store.files.JobFileEntry;
import io.relayq.store.files.JobFiles;
import io.relayq.store.files.UnknownUploadException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link JobFiles} in PostgreSQL: each call one transaction, each chunk one write. */
final class PostgresJobFiles implements JobFiles {
  private final PostgresDatabase db;

  PostgresJobFiles(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  public void createBlob(String id, String storage, String createdBy, Instant createdAt) {
    db.write("file upload", c -> Jdbc.update(c, PostgresSql.CREATE_BLOB, id, storage, createdBy, createdAt));
  }

  @Override
  public void writeChunk(String blobId, int index, byte[] data) {
    db.write("file chunk", c -> Jdbc.update(c, PostgresSql.WRITE_CHUNK, blobId, index, data));
  }

  @Override
  public Optional<byte[]> readChunk(String blobId, int index) {
    return db.read("file chunk read", c -> Jdbc.one(c, PostgresSql.READ_CHUNK, rs -> rs.getBytes(1), blobId, index));
  }

  @Override
  public boolean completeBlob(String blobId, long size, String sha256) {
    return db.write("file upload", c -> Jdbc.update(c, PostgresSql.COMPLETE_BLOB, size, sha256, blobId) == 1);
  }

  @Override
  public Optional<FileBlob> findBlob(String blobId) {
    return db.read("file read", c -> Jdbc.one(c, PostgresSql.FIND_BLOB, PostgresJobFiles::blob, blobId));
  }

  @Override
  public boolean deleteBlob(String blobId) {
    return db.write("file deletion",
        c -> Jdbc.one(c, PostgresSql.DELETE_UNUSED_BLOB, rs -> true, blobId).isPresent());
  }

  @Override
  public Fenced attachOutput(String jobId, int attempt, String name, String blobId) {
    return db.write("output file", c -> {
      Optional<Integer> running = Jdbc.one(c, PostgresSql.LOCK_JOB_LEASE,
          rs -> "running".equals(rs.getString(1)) ? rs.getInt(2) : -1, jobId);
      if (running.isEmpty()) {
        return Fenced.NOT_FOUND;
      }
      if (running.get() != attempt || Jdbc.update(c, PostgresSql.ATTACH_OUTPUT, jobId, name, attempt, blobId) != 1) {
        return Fenced.STALE_LEASE;
      }
      Jdbc.update(c, PostgresSql.MARK_BLOB_USED, blobId);
      return Fenced.ACCEPTED;
    });
  }

  @Override
  public List<JobFileEntry> jobFiles(String jobId) {
    return db.read("file listing", c -> Jdbc.list(c, PostgresSql.JOB_FILES, rs -> new JobFileEntry(
        JobFileEntry.Kind.fromWire(rs.getString("kind")), rs.getString("name"), blob(rs), rs.getInt("attempt")),
        jobId));
  }

  @Override
  public List<FileBlob> unusedBlobs(Instant abandonedBefore, int limit) {
    return db.read("unused files",
        c -> Jdbc.list(c, PostgresSql.UNUSED_BLOBS, PostgresJobFiles::blob, abandonedBefore, limit));
  }

  @Override
  public List<String> deleteUnusedBlobs(List<String> blobIds) {
    return db.write("file deletion", c -> {
      List<String> deleted = new ArrayList<>();
      for (String id : blobIds) {
        Jdbc.one(c, PostgresSql.DELETE_UNUSED_BLOB, rs -> rs.getString(1), id).ifPresent(deleted::add);
      }
      return deleted;
    });
  }

  /** Links a new job's inputs to their uploads, inside the submit's transaction. */
  static void attachInputs(Connection c, String jobId, List<JobFile> inputs) throws SQLException {
    List<String> missing = new ArrayList<>();
    for (JobFile f : inputs) {
      if (Jdbc.update(c, PostgresSql.ATTACH_INPUT, jobId, f.name(), f.upload()) == 1) {
        Jdbc.update(c, PostgresSql.MARK_BLOB_USED, f.upload());
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
        PgRows.instant(rs, "created_at"), rs.getLong("size"), rs.getString("sha256"), rs.getBoolean("complete"));
  }
}
