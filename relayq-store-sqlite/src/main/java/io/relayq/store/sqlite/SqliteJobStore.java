package io.relayq.store.sqlite;

import static io.relayq.store.sqlite.JobRows.json;
import static io.relayq.store.sqlite.JobRows.millis;
import static io.relayq.store.sqlite.JobRows.stored;

import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.Job;
import io.relayq.core.JobEvent;
import io.relayq.core.JobState;
import io.relayq.core.OutputChannel;
import io.relayq.core.RecordedEvent;
import io.relayq.core.WorkerRecord;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import io.relayq.store.CancelResult;
import io.relayq.store.ClaimRequest;
import io.relayq.store.Fenced;
import io.relayq.store.FinishRequest;
import io.relayq.store.FinishResult;
import io.relayq.store.JobChange;
import io.relayq.store.JobPage;
import io.relayq.store.JobQuery;
import io.relayq.store.JobStore;
import io.relayq.store.NewJob;
import io.relayq.store.RegisterResult;
import io.relayq.store.RenewResult;
import io.relayq.store.StoredChunk;
import io.relayq.store.SubmitResult;
import io.relayq.store.WorkerNameTakenException;
import io.relayq.store.WorkerRegistration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded {@link JobStore}: one SQLite file in WAL mode with durable commits.
 *
 * <p>Writes are serialised on one connection (SQLite has one writer); each contract method is one
 * transaction, so a claim, a finish or a reaper pass either happens whole or not at all. Reads use a
 * small pool and run beside writes.
 *
 * <p>Limits: one process should open a file at a time; a second one would wait on SQLite's lock
 * (up to {@value SqliteDatabase#BUSY_TIMEOUT_MS} ms per write) and then fail. The file must be on a
 * local disk: network file systems break SQLite's locking.
 */
public final class SqliteJobStore implements JobStore {

  private final SqliteDatabase db;

  private SqliteJobStore(SqliteDatabase db) {
    this.db = db;
  }

  /**
   * Opens (creating if needed) the store in {@code dbFile}: creates missing parent directories and
   * brings the schema up to date.
   *
   * @throws io.relayq.store.StoreException naming the path and what to do when the directory cannot
   *     be created, the file cannot be opened or written, or is not a relayq database
   */
  public static SqliteJobStore open(Path dbFile) {
    return new SqliteJobStore(SqliteDatabase.open(dbFile));
  }

  /** The database file, as an absolute path. */
  public Path file() {
    return db.file();
  }

  /** The connections, for tests in this package that need to put the file in a given condition. */
  SqliteDatabase database() {
    return db;
  }

  // ---- jobs ------------------------------------------------------------------------------------

  @Override
  public SubmitResult submit(NewJob job) {
    return db.write("submit", c -> {
      if (job.key() != null) {
        Optional<Job> existing = Jdbc.one(c, SqliteSql.FIND_JOB_BY_KEY, JobRows::job, job.key());
        if (existing.isPresent()) {
          boolean same = existing.get().spec().equals(job.spec());
          return new SubmitResult(same ? SubmitResult.Status.EXISTING : SubmitResult.Status.KEY_CONFLICT,
              existing.get());
        }
      }
      Instant now = stored(job.now());
      var spec = job.spec();
      Job created = Jdbc.one(c, SqliteSql.SUBMIT, JobRows::job,
          job.id(), job.key(), JobState.QUEUED.wireName(), json(spec), spec.priority(), spec.worker(),
          json(spec.labels()), spec.leaseTtl().toMillis(), spec.maxAttempts(), millis(now),
          millis(spec.earliestStart(now)), job.submittedBy()).orElseThrow();
      recordEvent(c, created, now, JobChange.SUBMITTED,
          job.submittedBy() == null ? null : "submitted by " + job.submittedBy());
      return new SubmitResult(SubmitResult.Status.CREATED, created);
    });
  }

  @Override
  public List<Job> claim(ClaimRequest request) {
    if (request.limit() <= 0) {
      return List.of();
    }
    Instant now = stored(request.now());
    return db.write("claim", c -> {
      record Claimed(long seq, Job job) {}
      List<Claimed> claimed = new ArrayList<>(Jdbc.list(c, SqliteSql.CLAIM,
          rs -> new Claimed(rs.getLong("seq"), JobRows.job(rs)),
          JobChange.LEASE.to().wireName(), request.worker(), millis(now), millis(now),
          millis(now), request.worker(), json(request.labels()), request.limit()));
      // RETURNING has no defined order; hand the jobs out in claim order
      claimed.sort(Comparator.comparingInt((Claimed x) -> -x.job().spec().priority()).thenComparingLong(Claimed::seq));
      List<Job> jobs = claimed.stream().map(Claimed::job).toList();
      try (PreparedStatement attempts = c.prepareStatement(SqliteSql.START_ATTEMPT);
          PreparedStatement events = c.prepareStatement(SqliteSql.INSERT_EVENT)) {
        for (Job job : jobs) {
          Jdbc.bind(attempts, job.id(), job.attempt(), job.worker(), millis(now));
          attempts.addBatch();
          Jdbc.bind(events, job.id(), millis(now), JobChange.LEASED, job.state().wireName(), job.attempt(),
              job.worker(), JobChange.leaseDetail(job));
          events.addBatch();
        }
        attempts.executeBatch();
        events.executeBatch();
      }
      return jobs;
    });
  }

  @Override
  public RenewResult renewLeases(String worker, List<LeaseRef> leases, Instant now) {
    if (leases.isEmpty()) {
      return new RenewResult(List.of(), List.of(), List.of());
    }
    return db.write("lease renewal", c -> {
      List<LeaseRef> renewed = new ArrayList<>();
      List<LeaseRef> stale = new ArrayList<>();
      List<LeaseRef> cancel = new ArrayList<>();
      for (LeaseRef lease : leases) {
        Optional<Boolean> cancelRequested = Jdbc.one(c, SqliteSql.RENEW_LEASE, rs -> rs.getInt(1) != 0,
            millis(stored(now)), lease.jobId(), lease.attempt(), worker);
        if (cancelRequested.isEmpty()) {
          stale.add(lease);
          continue;
        }
        renewed.add(lease);
        if (cancelRequested.get()) {
          cancel.add(lease);
        }
      }
      return new RenewResult(renewed, stale, cancel);
    });
  }

  @Override
  public Fenced appendOutput(String jobId, int attempt, OutputChannel stream, long offset, byte[] data, Instant now) {
    return db.write("output append", c -> {
      Optional<Boolean> current = Jdbc.one(c, SqliteSql.APPEND_OUTPUT_FENCE, rs -> rs.getInt(1) != 0, attempt, jobId);
      if (current.isEmpty()) {
        return Fenced.NOT_FOUND;
      }
      if (!current.get()) {
        return Fenced.STALE_LEASE;
      }
      storeChunk(c, jobId, attempt, new OutputChunk(stream, offset, data));
      return Fenced.ACCEPTED;
    });
  }

  @Override
  public FinishResult finish(FinishRequest request) {
    Instant now = stored(request.now());
    return db.write("finish", c -> {
      Optional<Job> found = findJob(c, request.jobId());
      if (found.isEmpty()) {
        return new FinishResult(Fenced.NOT_FOUND, null);
      }
      Job job = found.get();
      if (job.state() != JobState.RUNNING || job.attempt() != request.attempt()
          || !Objects.equals(job.worker(), request.worker())) {
        return new FinishResult(Fenced.STALE_LEASE, job);
      }
      for (OutputChunk chunk : request.output()) {
        storeChunk(c, job.id(), job.attempt(), chunk);
      }
      String message = request.message() != null ? request.message()
          : request.event() instanceof JobEvent.StartFailed failed ? failed.message() : null;
      return new FinishResult(Fenced.ACCEPTED, apply(c, JobChange.decide(job, request.event(), now, message)));
    });
  }

  @Override
  public CancelResult requestCancel(String jobId, Instant now) {
    return db.write("cancel", c -> {
      Optional<Job> found = findJob(c, jobId);
      if (found.isEmpty()) {
        return new CancelResult(CancelResult.Outcome.NOT_FOUND, null);
      }
      Job job = found.get();
      if (job.state().isTerminal()) {
        return new CancelResult(CancelResult.Outcome.ALREADY_FINISHED, job);
      }
      Job after = apply(c, JobChange.decide(job, JobEvent.CANCEL_REQUESTED, stored(now), null));
      return new CancelResult(after.state() == JobState.CANCELLED
          ? CancelResult.Outcome.CANCELLED : CancelResult.Outcome.CANCEL_REQUESTED, after);
    });
  }

  @Override
  public List<Job> expireLeases(Instant now, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    Instant at = stored(now);
    return db.write("lease expiry", c -> {
      List<Job> moved = new ArrayList<>();
      for (Job job : Jdbc.list(c, SqliteSql.EXPIRE_LEASES, JobRows::job, millis(at), limit)) {
        String why = "no heartbeat from worker " + job.worker() + " before the lease expired at " + job.leaseExpiresAt();
        moved.add(apply(c, JobChange.decide(job, JobEvent.LEASE_LOST, at, why)));
      }
      return moved;
    });
  }

  @Override
  public int extendRunningLeases(Instant now) {
    return db.write("lease extension", c -> Jdbc.update(c, SqliteSql.EXTEND_RUNNING_LEASES, millis(stored(now))));
  }

  @Override
  public Optional<Job> findJob(String id) {
    return db.read("job read", c -> findJob(c, id));
  }

  @Override
  public JobPage listJobs(JobQuery query) {
    if (query.limit() < 1 || query.limit() > JobQuery.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit " + query.limit() + " is out of range 1.." + JobQuery.MAX_LIMIT);
    }
    long below = query.cursor() == null ? Long.MAX_VALUE : cursorSeq(query.cursor());
    List<Object> params = new ArrayList<>(List.of(below));
    if (query.state() != null) {
      params.add(query.state().wireName());
    }
    if (query.worker() != null) {
      params.add(query.worker());
    }
    if (query.label() != null) {
      params.add(query.label());
    }
    params.add(query.limit() + 1);
    String sql = SqliteSql.listJobs(query.state() != null, query.worker() != null, query.label() != null);
    record Row(long seq, Job job) {}
    List<Row> rows = db.read("job listing",
        c -> Jdbc.list(c, sql, rs -> new Row(rs.getLong("seq"), JobRows.job(rs)), params.toArray()));
    if (rows.size() <= query.limit()) {
      return new JobPage(rows.stream().map(Row::job).toList(), null);
    }
    List<Row> page = rows.subList(0, query.limit());
    return new JobPage(page.stream().map(Row::job).toList(), Long.toString(page.get(page.size() - 1).seq()));
  }

  @Override
  public List<Attempt> attempts(String jobId) {
    return db.read("attempt read", c -> Jdbc.list(c, SqliteSql.ATTEMPTS, JobRows::attempt, jobId));
  }

  @Override
  public List<RecordedEvent> events(String jobId) {
    return db.read("event read", c -> Jdbc.list(c, SqliteSql.EVENTS, JobRows::event, jobId));
  }

  @Override
  public List<RecordedEvent> eventsAfter(long afterSeq, int limit) {
    return db.read("event read", c -> Jdbc.list(c, SqliteSql.EVENTS_AFTER, JobRows::event, afterSeq, limit));
  }

  @Override
  public List<StoredChunk> readOutput(String jobId, int attempt, long afterSeq, int maxBytes) {
    return db.read("output read", c -> {
      List<StoredChunk> chunks = new ArrayList<>();
      long bytes = 0;
      try (PreparedStatement ps = Jdbc.prepare(c, SqliteSql.READ_OUTPUT, jobId, attempt, afterSeq);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredChunk chunk = JobRows.chunk(rs);
          if (!chunks.isEmpty() && bytes + chunk.data().length > maxBytes) {
            break;
          }
          chunks.add(chunk);
          bytes += chunk.data().length;
        }
      }
      return chunks;
    });
  }

  // ---- workers ---------------------------------------------------------------------------------

  @Override
  public RegisterResult registerWorker(WorkerRegistration r, Duration liveWithin) {
    Instant now = stored(r.now());
    return db.write("worker registration", c -> {
      Optional<WorkerRecord> existing = Jdbc.one(c, SqliteSql.FIND_WORKER, JobRows::worker, r.name());
      List<Job> released = List.of();
      if (existing.isPresent()) {
        WorkerRecord old = existing.get();
        if (!old.workerId().equals(r.workerId())) {
          if (old.isOnline(now, liveWithin)) {
            throw new WorkerNameTakenException(r.name(), old.host());
          }
          // the name's previous machine has not been seen for liveWithin: it is gone
          released = releaseRunningJobs(c, r.name(), now,
              "worker name " + r.name() + " was taken over by another machine (host " + r.host() + ")");
        } else if (!old.incarnation().equals(r.incarnation())) {
          released = releaseRunningJobs(c, r.name(), now,
              "worker " + r.name() + " restarted; its previous process is gone");
        }
      }
      Jdbc.update(c, SqliteSql.REGISTER_WORKER, r.name(), r.workerId(), r.incarnation(), json(r.labels()),
          r.slots(), r.version(), r.host(), millis(now), millis(now));
      WorkerRecord worker = Jdbc.one(c, SqliteSql.FIND_WORKER, JobRows::worker, r.name()).orElseThrow();
      return new RegisterResult(worker, released);
    });
  }

  @Override
  public boolean touchWorker(String name, String incarnation, boolean polled, boolean heartbeat, Instant now) {
    long at = millis(stored(now));
    return db.write("worker poll/heartbeat",
        c -> Jdbc.update(c, SqliteSql.TOUCH_WORKER, polled, at, heartbeat, at, name, incarnation) == 1);
  }

  @Override
  public void markWorker(String name, String incarnation, boolean draining, boolean stopped, Instant now) {
    db.write("worker goodbye",
        c -> Jdbc.update(c, SqliteSql.MARK_WORKER, draining, stopped, millis(stored(now)), name, incarnation));
  }

  @Override
  public List<WorkerRecord> listWorkers() {
    return db.read("worker listing", c -> Jdbc.list(c, SqliteSql.LIST_WORKERS, JobRows::worker));
  }

  @Override
  public List<LeaseRef> cancelledLeases(String worker) {
    return db.read("cancelled-lease read", c -> Jdbc.list(c, SqliteSql.CANCELLED_LEASES, JobRows::lease, worker));
  }

  @Override
  public List<LeaseRef> runningLeases(String worker) {
    return db.read("running-lease read", c -> Jdbc.list(c, SqliteSql.RUNNING_LEASES, JobRows::lease, worker));
  }

  // ---- health ----------------------------------------------------------------------------------

  @Override
  public void checkHealth() {
    db.read("health check", c -> Jdbc.one(c, SqliteSql.CHECK_HEALTH, rs -> rs.getLong(1)));
  }

  @Override
  public void close() {
    db.close();
  }

  // ---- writes shared by several methods --------------------------------------------------------

  private static Optional<Job> findJob(Connection c, String id) throws SQLException {
    return Jdbc.one(c, SqliteSql.FIND_JOB, JobRows::job, id);
  }

  /**
   * Persists a change decided by the state machine: the job's row (fenced on the state and attempt
   * it was decided from), the end of its open attempt, and its history entry.
   */
  private static Job apply(Connection c, JobChange change) throws SQLException {
    Job before = change.before();
    if (change.changesNothing()) {
      return before;
    }
    Job after = Jdbc.one(c, SqliteSql.APPLY_CHANGE, JobRows::job,
        change.state().wireName(), change.cancelRequested(), millis(change.runAt()), millis(change.finishedAt()),
        millis(change.leaseExpiresAt()), change.exitCode(), wire(change.reason()), change.jobMessage(),
        before.id(), before.attempt(), before.state().wireName())
        .orElseThrow(() -> new IllegalStateException(
            "job " + before.id() + " changed while this transaction held the write lock"));
    if (change.endsAttempt()) {
      var t = change.transition();
      Jdbc.update(c, SqliteSql.END_ATTEMPT, millis(change.at()), wire(t.reason()), t.exitCode(), change.message(),
          before.id(), before.attempt());
    }
    recordEvent(c, after, change.at(), change.eventType(), change.eventDetail());
    return after;
  }

  private static List<Job> releaseRunningJobs(Connection c, String worker, Instant now, String why)
      throws SQLException {
    List<Job> released = new ArrayList<>();
    for (Job job : Jdbc.list(c, SqliteSql.RUNNING_JOBS_OF_WORKER, JobRows::job, worker)) {
      released.add(apply(c, JobChange.decide(job, JobEvent.LEASE_LOST, now, why)));
    }
    return released;
  }

  private static void recordEvent(Connection c, Job job, Instant at, String type, String detail) throws SQLException {
    Jdbc.update(c, SqliteSql.INSERT_EVENT, job.id(), millis(at), type, job.state().wireName(), job.attempt(),
        job.worker(), detail);
  }

  /**
   * Stores the part of a chunk not stored yet. Workers resend a chunk when a reply was lost, so a
   * chunk may repeat or overlap what is stored; only bytes past the stored end are new.
   */
  private static void storeChunk(Connection c, String jobId, int attempt, OutputChunk chunk) throws SQLException {
    long end = Jdbc.one(c, SqliteSql.APPEND_OUTPUT_END, rs -> rs.getLong(1), jobId, attempt, chunk.stream().wireName())
        .orElse(0L);
    byte[] data = chunk.data();
    long offset = chunk.offset();
    if (offset + data.length <= end) {
      return;
    }
    if (offset < end) {
      data = Arrays.copyOfRange(data, (int) (end - offset), data.length);
      offset = end;
    }
    Jdbc.update(c, SqliteSql.APPEND_OUTPUT, jobId, attempt, chunk.stream().wireName(), offset, data);
  }

  private static String wire(EndReason reason) {
    return reason == null ? null : reason.wireName();
  }

  private static long cursorSeq(String cursor) {
    try {
      long seq = Long.parseLong(cursor);
      if (seq > 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException(
        "invalid cursor '" + cursor + "': pass the nextCursor of the previous page unchanged");
  }
}
