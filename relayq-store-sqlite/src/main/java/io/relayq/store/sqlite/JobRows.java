package io.relayq.store.sqlite;

import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.Job;
import io.relayq.core.JobSpec;
import io.relayq.core.JobState;
import io.relayq.core.Json;
import io.relayq.core.OutputChannel;
import io.relayq.core.RecordedEvent;
import io.relayq.core.WorkerLoad;
import io.relayq.core.WorkerRecord;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.schedule.CatchUp;
import io.relayq.core.schedule.Schedule;
import io.relayq.store.JobChange;
import io.relayq.store.NewJob;
import io.relayq.store.StoreException;
import io.relayq.store.StoredChunk;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Row to record mapping of the SQLite tables, and the column encodings (millis, JSON). */
final class JobRows {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private JobRows() {}

  static Job job(ResultSet rs) throws SQLException {
    return row(rs).job();
  }

  /**
   * A job row as read, its spec still JSON. Decoding the spec is most of the cost of reading a job,
   * so the writer thread reads rows this way and the caller decodes them after the commit.
   */
  record JobRow(
      long seq, int priority, int maxAttempts, String id, String specJson, String key, String state, int attempt,
      boolean cancelRequested,
      String worker, Instant createdAt, Instant runAt, Instant startedAt, Instant finishedAt, Instant leaseExpiresAt,
      Integer exitCode, String reason, String message, Integer progress, String submittedBy, String progressText) {

    Job job() {
      return new Job(id, spec(specJson), key, JobState.fromWire(state), attempt, cancelRequested, worker, createdAt,
          runAt, startedAt, finishedAt, leaseExpiresAt, exitCode, reason == null ? null : EndReason.fromWire(reason),
          message, progress, submittedBy, progressText);
    }
  }

  static JobRow row(ResultSet rs) throws SQLException {
    return new JobRow(
        rs.getLong("seq"),
        rs.getInt("priority"),
        rs.getInt("max_attempts"),
        rs.getString("id"),
        rs.getString("spec"),
        rs.getString("idempotency_key"),
        rs.getString("state"),
        rs.getInt("attempt"),
        rs.getInt("cancel_requested") != 0,
        rs.getString("worker"),
        instant(rs, "created_at"),
        instant(rs, "run_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        instant(rs, "lease_expires_at"),
        integer(rs, "exit_code"),
        rs.getString("reason"),
        rs.getString("message"),
        integer(rs, "progress"),
        rs.getString("submitted_by"),
        rs.getString("progress_text"));
  }

  /**
   * The job as a {@link JobChange} leaves it: exactly the row {@code SqliteSql.APPLY_CHANGE} writes
   * (the columns it sets, at the millisecond precision stored), so the writer need not read it back.
   */
  static Job changed(JobChange change) {
    Job b = change.before();
    return new Job(b.id(), b.spec(), b.key(), change.state(), b.attempt(), change.cancelRequested(), b.worker(),
        b.createdAt(), storedOrNull(change.runAt()), b.startedAt(), storedOrNull(change.finishedAt()),
        storedOrNull(change.leaseExpiresAt()), change.exitCode(), change.reason(), change.jobMessage(), b.progress(),
        b.submittedBy(), b.progressText());
  }

  /** A job as {@code SqliteSql.SUBMIT} inserts it. */
  static Job submitted(NewJob job, Instant now) {
    var spec = job.spec();
    return new Job(job.id(), spec, job.key(), JobState.QUEUED, 0, false, null, now,
        stored(spec.earliestStart(now)), null, null, null, null, null, null, null, job.submittedBy());
  }

  static Attempt attempt(ResultSet rs) throws SQLException {
    String reason = rs.getString("reason");
    return new Attempt(
        rs.getString("job_id"),
        rs.getInt("number"),
        rs.getString("worker"),
        instant(rs, "started_at"),
        instant(rs, "ended_at"),
        reason == null ? null : EndReason.fromWire(reason),
        integer(rs, "exit_code"),
        rs.getString("message"));
  }

  static RecordedEvent event(ResultSet rs) throws SQLException {
    return new RecordedEvent(
        rs.getLong("seq"),
        rs.getString("job_id"),
        instant(rs, "at"),
        rs.getString("type"),
        JobState.fromWire(rs.getString("state")),
        rs.getInt("attempt"),
        rs.getString("worker"),
        rs.getString("detail"));
  }

  static StoredChunk chunk(ResultSet rs) throws SQLException {
    return new StoredChunk(
        rs.getLong("seq"),
        rs.getInt("attempt"),
        OutputChannel.fromWire(rs.getString("stream")),
        rs.getLong("byte_offset"),
        rs.getBytes("data"));
  }

  static WorkerRecord worker(ResultSet rs) throws SQLException {
    return new WorkerRecord(
        rs.getString("name"),
        rs.getString("worker_id"),
        rs.getString("incarnation"),
        labels(rs.getString("labels")),
        rs.getInt("slots"),
        rs.getInt("running"),
        rs.getString("version"),
        rs.getString("host"),
        instant(rs, "registered_at"),
        instant(rs, "last_poll_at"),
        instant(rs, "last_heartbeat_at"),
        rs.getInt("draining") != 0,
        instant(rs, "stopped_at"),
        rs.getString("token_name"),

        load(rs));
  }

  private static WorkerLoad load(ResultSet rs) throws SQLException {
    double cpu = rs.getDouble("cpu_percent");
    Double cpuPercent = rs.wasNull() ? null : cpu;
    long free = rs.getLong("free_memory_bytes");
    Long freeMemory = rs.wasNull() ? null : free;
    String paused = rs.getString("paused_reason");
    return cpuPercent == null && freeMemory == null && paused == null ? null
        : new WorkerLoad(cpuPercent, freeMemory, paused);
  }

  static TokenRecord token(ResultSet rs) throws SQLException {
    return new TokenRecord(
        rs.getString("name"),
        TokenRole.fromWire(rs.getString("role")),
        rs.getString("hash"),
        instant(rs, "created_at"),
        instant(rs, "last_used_at"),
        instant(rs, "revoked_at"));
  }

  static LeaseRef lease(ResultSet rs) throws SQLException {
    return new LeaseRef(rs.getString("id"), rs.getInt("attempt"));
  }

  static Schedule schedule(ResultSet rs) throws SQLException {
    return new Schedule(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("cron"),
        rs.getString("timezone"),
        CatchUp.fromWire(rs.getString("catch_up")),
        spec(rs.getString("job")),
        rs.getInt("paused") != 0,
        instant(rs, "next_fire_at"),
        instant(rs, "created_at"),
        instant(rs, "last_fired_at"),
        rs.getString("last_job_id"));
  }

  // ---- column encodings ------------------------------------------------------------------------

  /** Instants are stored as epoch milliseconds; finer precision is dropped on the way in. */
  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  /** The instant as the store will hold it, so values computed from it match what is read back. */
  static Instant stored(Instant instant) {
    return Instant.ofEpochMilli(instant.toEpochMilli());
  }

  static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static JobSpec spec(String json) {
    try {
      return Json.mapper().readValue(json, JobSpec.class);
    } catch (JsonProcessingException e) {
      throw new StoreException("a stored job spec cannot be read (" + e.getOriginalMessage()
          + "); the database was changed by something other than this version of relayq", e);
    }
  }

  static List<String> labels(String json) {
    try {
      return Json.mapper().readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored labels cannot be read: " + e.getOriginalMessage(), e);
    }
  }

  private static Instant storedOrNull(Instant instant) {
    return instant == null ? null : stored(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }
}
