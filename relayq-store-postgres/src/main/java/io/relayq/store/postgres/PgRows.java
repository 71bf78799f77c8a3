package io.relayq.store.postgres;

import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.relayq.store.StoreException;
import io.relayq.store.StoredChunk;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** Row to record mapping of the PostgreSQL tables, and the column encodings. */
final class PgRows {
  private PgRows() {}

  static Job job(ResultSet rs) throws SQLException {
    String reason = rs.getString("reason");
    return new Job(
        rs.getString("id"),
        spec(rs.getString("spec")),
        rs.getString("idempotency_key"),
        JobState.fromWire(rs.getString("state")),
        rs.getInt("attempt"),
        rs.getBoolean("cancel_requested"),
        rs.getString("worker"),
        instant(rs, "created_at"),
        instant(rs, "run_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        instant(rs, "lease_expires_at"),
        integer(rs, "exit_code"),
        reason == null ? null : EndReason.fromWire(reason),
        rs.getString("message"),
        integer(rs, "progress"),
        rs.getString("submitted_by"),
        rs.getString("progress_text"));
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

  static TokenRecord token(ResultSet rs) throws SQLException {
    return new TokenRecord(
        rs.getString("name"),
        TokenRole.fromWire(rs.getString("role")),
        rs.getString("hash"),
        instant(rs, "created_at"),
        instant(rs, "last_used_at"),
        instant(rs, "revoked_at"));
  }

  static WorkerRecord worker(ResultSet rs) throws SQLException {
    return new WorkerRecord(
        rs.getString("name"),
        rs.getString("worker_id"),
        rs.getString("incarnation"),
        strings(rs.getArray("labels")),
        rs.getInt("slots"),
        rs.getInt("running"),
        rs.getString("version"),
        rs.getString("host"),
        instant(rs, "registered_at"),
        instant(rs, "last_poll_at"),
        instant(rs, "last_heartbeat_at"),
        rs.getBoolean("draining"),
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
        rs.getBoolean("paused"),
        instant(rs, "next_fire_at"),
        instant(rs, "created_at"),
        instant(rs, "last_fired_at"),
        rs.getString("last_job_id"));
  }

  // ---- column encodings ------------------------------------------------------------------------

  /** The instant as the store holds it (milliseconds), so values computed from it match reads. */
  static Instant stored(Instant instant) {
    return Instant.ofEpochMilli(instant.toEpochMilli());
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : stored(instant).atOffset(ZoneOffset.UTC);
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

  static List<String> strings(ResultSet rs, String column) throws SQLException {
    return strings(rs.getArray(column));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }
}
