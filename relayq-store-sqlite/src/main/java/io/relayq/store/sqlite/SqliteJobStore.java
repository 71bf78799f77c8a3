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
import io.relayq.core.WorkerLoad;
import io.relayq.core.WorkerRecord;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import io.relayq.core.schedule.Schedule;
import io.relayq.store.CancelResult;
import io.relayq.store.ClaimRequest;
import io.relayq.store.Fenced;
import io.relayq.store.FinishRequest;
import io.relayq.store.FinishResult;
import io.relayq.store.FireResult;
import io.relayq.store.ScheduleFire;
import io.relayq.store.JobChange;
import io.relayq.store.JobPage;
import io.relayq.store.JobQuery;
import io.relayq.store.JobStore;
import io.relayq.store.NewJob;
import io.relayq.store.QueueStats;
import io.relayq.store.RegisterResult;
import io.relayq.store.RenewResult;
import io.relayq.store.StoredChunk;
import io.relayq.store.SubmitResult;
import io.relayq.store.UnknownDependencyException;
import io.relayq.store.DependencyOutcome;
import io.relayq.store.GroupCandidate;
import io.relayq.store.NewToken;
import io.relayq.store.TokenNameTakenException;
import io.relayq.store.TokenRecord;
import io.relayq.store.WorkerNameOwnedException;
import io.relayq.store.WorkerNameTakenException;
import io.relayq.store.WorkerRegistration;
import io.relayq.store.files.JobFiles;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final SqliteJobFiles files;

  private SqliteJobStore(SqliteDatabase db) {
    this.db = db;
    this.files = new SqliteJobFiles(db);
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
    Instant now = stored(job.now());
    var spec = job.spec();
    // encoded on the caller's thread: the writer thread is the store's one bottleneck
    String specJson = json(spec);
    String labelsJson = json(spec.labels());
    return db.write("submit", sql -> insert(sql, job, now, specJson, labelsJson));
  }

  /** The states of the listed dependencies; throws when one is not in the store. */
  private static Map<String, String> dependencyStates(Jdbc sql, List<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, String> states = new LinkedHashMap<>();
    for (var row : sql.list(SqliteSql.DEPENDENCY_STATES, rs -> Map.entry(rs.getString(1), rs.getString(2)), json(ids))) {
      states.put(row.getKey(), row.getValue());
    }
    List<String> unknown = ids.stream().filter(id -> !states.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw new UnknownDependencyException(unknown);
    }
    return states;
  }

  @Override
  public List<Job> claim(ClaimRequest request) {
    if (request.limit() <= 0) {
      return List.of();
    }
    Instant now = stored(request.now());
    String labelsJson = json(request.labels());
    List<JobRows.JobRow> claimed = db.write("claim", sql -> {
      List<GroupCandidate> candidates = sql.list(SqliteSql.CLAIM_CANDIDATES,
          rs -> new GroupCandidate(rs.getLong("seq"), rs.getString("group_name"), rs.getInt("group_limit"),
              rs.getInt("group_running")),
          millis(now), request.worker(), labelsJson, millis(now), request.worker(), labelsJson, request.worker(),
          request.incarnation(), request.limit());
      List<Long> chosen = GroupCandidate.withinLimits(candidates);
      if (chosen.isEmpty()) {
        return List.<JobRows.JobRow>of();
      }
      List<JobRows.JobRow> rows = new ArrayList<>(sql.list(SqliteSql.LEASE, JobRows::row,
          JobChange.LEASE.to().wireName(), request.worker(), millis(now), millis(now), json(chosen)));
      // RETURNING has no defined order; hand the jobs out (and record them) in claim order
      rows.sort(Comparator.comparingInt((JobRows.JobRow r) -> -r.priority()).thenComparingLong(JobRows.JobRow::seq));
      List<Object[]> attempts = new ArrayList<>(rows.size());
      List<Object[]> events = new ArrayList<>(rows.size());
      for (JobRows.JobRow row : rows) {
        attempts.add(new Object[] {row.id(), row.attempt(), row.worker(), millis(now)});
        events.add(new Object[] {row.id(), millis(now), JobChange.LEASED, row.state(), row.attempt(), row.worker(),
            JobChange.leaseDetail(row.attempt(), row.maxAttempts(), row.worker())});
      }
      sql.batch(SqliteSql.START_ATTEMPT, attempts);
      sql.batch(SqliteSql.INSERT_EVENT, events);
      return rows;
    });
    // decoded on the caller's thread, after the commit
    return claimed.stream().map(JobRows.JobRow::job).toList();
  }

  @Override
  public RenewResult renewLeases(String worker, List<LeaseRef> leases, Instant now) {
    if (leases.isEmpty()) {
      return new RenewResult(List.of(), List.of(), List.of());
    }
    long at = millis(stored(now));
    // one kept statement run per lease, all in one transaction: in-process SQLite has no round trips
    // to save by folding them into one statement
    return db.write("lease renewal", sql -> {
      List<LeaseRef> renewed = new ArrayList<>();
      List<LeaseRef> stale = new ArrayList<>();
      List<LeaseRef> cancel = new ArrayList<>();
      for (LeaseRef lease : leases) {
        Optional<Boolean> cancelRequested = sql.one(SqliteSql.RENEW_LEASE, rs -> rs.getInt(1) != 0,
            at, lease.jobId(), lease.attempt(), worker);
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
    return db.write("output append", sql -> {
      Optional<Boolean> current = sql.one(SqliteSql.APPEND_OUTPUT_FENCE, rs -> rs.getInt(1) != 0, attempt, jobId);
      if (current.isEmpty()) {
        return Fenced.NOT_FOUND;
      }
      if (!current.get()) {
        return Fenced.STALE_LEASE;
      }
      storeChunk(sql, jobId, attempt, new OutputChunk(stream, offset, data));
      return Fenced.ACCEPTED;
    });
  }

  @Override
  public FinishResult finish(FinishRequest request) {
    Instant now = stored(request.now());
    return db.write("finish", sql -> {
      Optional<Job> found = findJob(sql, request.jobId());
      if (found.isEmpty()) {
        return new FinishResult(Fenced.NOT_FOUND, null);
      }
      Job job = found.get();
      if (job.state() != JobState.RUNNING || job.attempt() != request.attempt()
          || !Objects.equals(job.worker(), request.worker())) {
        return new FinishResult(Fenced.STALE_LEASE, job);
      }
      for (OutputChunk chunk : request.output()) {
        storeChunk(sql, job.id(), job.attempt(), chunk);
      }
      String message = request.message() != null ? request.message()
          : request.event() instanceof JobEvent.StartFailed failed ? failed.message() : null;
      return new FinishResult(Fenced.ACCEPTED, apply(sql, JobChange.decide(job, request.event(), now, message)));
    });
  }

  @Override
  public CancelResult requestCancel(String jobId, Instant now) {
    return db.write("cancel", sql -> {
      Optional<Job> found = findJob(sql, jobId);
      if (found.isEmpty()) {
        return new CancelResult(CancelResult.Outcome.NOT_FOUND, null);
      }
      Job job = found.get();
      if (job.state().isTerminal()) {
        return new CancelResult(CancelResult.Outcome.ALREADY_FINISHED, job);
      }
      Job after = apply(sql, JobChange.decide(job, JobEvent.CANCEL_REQUESTED, stored(now), null));
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
    return db.write("lease expiry", sql -> {
      List<Job> moved = new ArrayList<>();
      for (Job job : sql.list(SqliteSql.EXPIRE_LEASES, JobRows::job, millis(at), limit)) {
        String why = "no heartbeat from worker " + job.worker() + " before the lease expired at " + job.leaseExpiresAt();
        moved.add(apply(sql, JobChange.decide(job, JobEvent.LEASE_LOST, at, why)));
      }
      return moved;
    });
  }

  @Override
  public int extendRunningLeases(Instant now) {
    return db.write("lease extension", sql -> sql.update(SqliteSql.EXTEND_RUNNING_LEASES, millis(stored(now))));
  }

  @Override
  public Optional<Job> findJob(String id) {
    return db.read("job read", sql -> findJob(sql, id));
  }

  @Override
  public JobPage listJobs(JobQuery query) {
    List<Object> params = query.listingParameters();
    String listing = SqliteSql.listJobs(query.state() != null, query.worker() != null, query.label() != null,
        query.submittedBy() != null);
    List<JobPage.Row> rows = db.read("job listing",
        sql -> sql.list(listing, rs -> new JobPage.Row(rs.getLong("seq"), JobRows.job(rs)), params.toArray()));
    return JobPage.of(rows, query.limit());
  }

  @Override
  public List<Attempt> attempts(String jobId) {
    return db.read("attempt read", sql -> sql.list(SqliteSql.ATTEMPTS, JobRows::attempt, jobId));
  }

  @Override
  public List<RecordedEvent> events(String jobId) {
    return db.read("event read", sql -> sql.list(SqliteSql.EVENTS, JobRows::event, jobId));
  }

  @Override
  public List<RecordedEvent> eventsAfter(long afterSeq, int limit) {
    return db.read("event read", sql -> sql.list(SqliteSql.EVENTS_AFTER, JobRows::event, afterSeq, limit));
  }

  @Override
  public long outputBytes(String jobId, int attempt) {
    return db.read("output size", sql -> sql.one(SqliteSql.OUTPUT_BYTES, rs -> rs.getLong(1), jobId, attempt).orElse(0L));
  }

  @Override
  public List<StoredChunk> readOutput(String jobId, int attempt, long afterSeq, int maxBytes) {
    return db.read("output read", sql -> sql.read(SqliteSql.READ_OUTPUT, rs -> {
      List<StoredChunk> chunks = new ArrayList<>();
      long bytes = 0;
      while (rs.next()) {
        StoredChunk chunk = JobRows.chunk(rs);
        if (!chunks.isEmpty() && bytes + chunk.data().length > maxBytes) {
          break;
        }
        chunks.add(chunk);
        bytes += chunk.data().length;
      }
      return chunks;
    }, jobId, attempt, afterSeq));
  }

  // ---- workers ---------------------------------------------------------------------------------

  @Override
  public RegisterResult registerWorker(WorkerRegistration r, Duration liveWithin) {
    Instant now = stored(r.now());
    return db.write("worker registration", sql -> {
      Optional<WorkerRecord> existing = sql.one(SqliteSql.FIND_WORKER, JobRows::worker, r.name());
      List<Job> released = List.of();
      if (existing.isPresent()) {
        WorkerRecord old = existing.get();
        if (r.comesFromAnotherTokenThan(old) && sql.one(SqliteSql.ACTIVE_TOKEN_NAMED, rs -> true, old.tokenName()).isPresent()) {
          throw new WorkerNameOwnedException(r.name());
        }
        if (!old.workerId().equals(r.workerId())) {
          if (old.isOnline(now, liveWithin)) {
            throw new WorkerNameTakenException(r.name(), old.host());
          }
          // the name's previous machine has not been seen for liveWithin: it is gone
          released = releaseRunningJobs(sql, r.name(), now,
              "worker name " + r.name() + " was taken over by another machine (host " + r.host() + ")");
        } else if (!old.incarnation().equals(r.incarnation())) {
          released = releaseRunningJobs(sql, r.name(), now,
              "worker " + r.name() + " restarted; its previous process is gone");
        }
      }
      sql.update(SqliteSql.REGISTER_WORKER, r.name(), r.workerId(), r.incarnation(), json(r.labels()),
          r.slots(), r.version(), r.host(), millis(now), millis(now), r.tokenName());
      WorkerRecord worker = sql.one(SqliteSql.FIND_WORKER, JobRows::worker, r.name()).orElseThrow();
      return new RegisterResult(worker, released);
    });
  }

  @Override
  public boolean touchWorker(String name, String incarnation, boolean polled, boolean heartbeat, Instant now) {
    long at = millis(stored(now));
    return db.write("worker poll/heartbeat",
        sql -> sql.update(SqliteSql.TOUCH_WORKER, polled, at, heartbeat, at, name, incarnation) == 1);
  }

  @Override
  public Fenced reportProgress(String jobId, int attempt, String worker, int percent, String text, Instant now) {
    return db.write("job progress", sql -> {
      if (sql.update(SqliteSql.REPORT_PROGRESS, percent, text, millis(stored(now)), jobId, attempt, worker) == 1) {
        return Fenced.ACCEPTED;
      }
      return sql.one(SqliteSql.FIND_JOB, rs -> true, jobId).isPresent() ? Fenced.STALE_LEASE : Fenced.NOT_FOUND;
    });
  }

  @Override
  public boolean recordWorkerLoad(String name, String incarnation, WorkerLoad load) {
    return db.write("worker load", sql -> sql.update(SqliteSql.RECORD_WORKER_LOAD, load.cpuPercent(),
        load.freeMemoryBytes(), load.paused(), name, incarnation) == 1);
  }

  @Override
  public void markWorker(String name, String incarnation, boolean draining, boolean stopped, Instant now) {
    db.write("worker goodbye",
        sql -> sql.update(SqliteSql.MARK_WORKER, draining, stopped, millis(stored(now)), name, incarnation));
  }

  @Override
  public int runningInGroup(String group) {
    return db.read("group count", sql -> sql.one(SqliteSql.RUNNING_IN_GROUP, rs -> rs.getInt(1), group).orElse(0));
  }

  @Override
  public List<WorkerRecord> listWorkers() {
    return db.read("worker listing", sql -> sql.list(SqliteSql.LIST_WORKERS, JobRows::worker));
  }

  @Override
  public List<LeaseRef> cancelledLeases(String worker) {
    return db.read("cancelled-lease read", sql -> sql.list(SqliteSql.CANCELLED_LEASES, JobRows::lease, worker));
  }

  @Override
  public List<LeaseRef> runningLeases(String worker) {
    return db.read("running-lease read", sql -> sql.list(SqliteSql.RUNNING_LEASES, JobRows::lease, worker));
  }

  // ---- tokens ----------------------------------------------------------------------------------

  @Override
  public void createToken(NewToken token) {
    boolean created = db.write("token creation", sql -> sql.update(SqliteSql.CREATE_TOKEN, token.hash(), token.name(),
        token.role().wireName(), millis(stored(token.createdAt()))) == 1);
    if (!created) {
      throw new TokenNameTakenException(token.name());
    }
  }

  @Override
  public Optional<TokenRecord> findToken(String hash) {
    return db.read("token read", sql -> sql.one(SqliteSql.FIND_TOKEN, JobRows::token, hash));
  }

  @Override
  public List<TokenRecord> listTokens() {
    return db.read("token listing", sql -> sql.list(SqliteSql.LIST_TOKENS, JobRows::token));
  }

  @Override
  public boolean revokeToken(String name, Instant now) {
    return db.write("token revocation", sql -> sql.update(SqliteSql.REVOKE_TOKEN, millis(stored(now)), name) == 1);
  }

  @Override
  public void touchToken(String hash, Instant now) {
    db.write("token use", sql -> sql.update(SqliteSql.TOUCH_TOKEN, millis(stored(now)), hash));
  }

  // ---- statistics and retention ----------------------------------------------------------------

  @Override
  public QueueStats queueStats(Instant now) {
    Instant at = stored(now);
    return db.readSnapshot("queue statistics", sql -> {
      record Group(QueueStats.Routing routing, long jobs, long queued, long scheduled) {}
      List<Group> groups = sql.list(SqliteSql.QUEUED_BY_ROUTING,
          rs -> new Group(new QueueStats.Routing(rs.getString("target_worker"), JobRows.labels(rs.getString("labels"))),
              rs.getLong("jobs"), rs.getLong("all_queued"), rs.getLong("all_scheduled")),
          millis(at), QueueStats.TOP_ROUTINGS);
      Map<JobState, Long> counts = new EnumMap<>(JobState.class);
      for (var row : sql.list(SqliteSql.COUNT_NOT_QUEUED, rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
        counts.put(JobState.fromWire(row.getKey()), row.getValue());
      }
      Map<QueueStats.Routing, Long> byRouting = new LinkedHashMap<>();
      groups.forEach(g -> byRouting.put(g.routing(), g.jobs()));
      if (groups.isEmpty()) {
        return new QueueStats(at, counts, null, 0, byRouting);
      }
      counts.put(JobState.QUEUED, groups.get(0).queued());
      Instant oldest = sql.one(SqliteSql.OLDEST_QUEUED, rs -> Instant.ofEpochMilli(rs.getLong(1))).orElseThrow();
      return new QueueStats(at, counts, oldest, groups.get(0).scheduled(), byRouting);
    });
  }

  @Override
  public int pruneFinished(Instant finishedBefore, int batchSize) {
    if (batchSize < 1 || batchSize > MAX_PRUNE_BATCH) {
      throw new IllegalArgumentException("batchSize " + batchSize + " is out of range 1.." + MAX_PRUNE_BATCH
          + "; prune in batches of a few hundred so other writes wait at most one batch");
    }
    long before = millis(finishedBefore);
    return db.write("retention", sql -> sql.update(SqliteSql.PRUNE_FINISHED, before, batchSize));
  }

  // ---- schedules -------------------------------------------------------------------------------

  @Override
  public boolean createSchedule(Schedule s) {
    String jobJson = json(s.job());
    return db.write("schedule creation", sql -> sql.update(SqliteSql.CREATE_SCHEDULE, s.id(), s.name(), s.cron(),
        s.timezone(), s.catchUp().wireName(), jobJson, s.paused(), millis(s.nextFireAt()),
        millis(stored(s.createdAt()))) == 1);
  }

  @Override
  public Optional<Schedule> findSchedule(String name) {
    return db.read("schedule read", sql -> sql.one(SqliteSql.FIND_SCHEDULE, JobRows::schedule, name));
  }

  @Override
  public List<Schedule> listSchedules() {
    return db.read("schedule listing", sql -> sql.list(SqliteSql.LIST_SCHEDULES, JobRows::schedule));
  }

  @Override
  public Optional<Schedule> pauseSchedule(String name) {
    return db.write("schedule pause", sql -> sql.one(SqliteSql.PAUSE_SCHEDULE, JobRows::schedule, name));
  }

  @Override
  public Optional<Schedule> resumeSchedule(String name, Instant nextFireAt) {
    return db.write("schedule resume",
        sql -> sql.one(SqliteSql.RESUME_SCHEDULE, JobRows::schedule, millis(nextFireAt), name));
  }

  @Override
  public boolean deleteSchedule(String name) {
    return db.write("schedule deletion", sql -> sql.update(SqliteSql.DELETE_SCHEDULE, name) == 1);
  }

  @Override
  public List<Schedule> dueSchedules(Instant now, int limit) {
    return db.read("due schedules", sql -> sql.list(SqliteSql.DUE_SCHEDULES, JobRows::schedule, millis(now), limit));
  }

  @Override
  public Optional<Instant> nextScheduleFireAt() {
    return db.read("next schedule fire",
        sql -> sql.one(SqliteSql.NEXT_SCHEDULE_FIRE, rs -> Instant.ofEpochMilli(rs.getLong(1))));
  }

  @Override
  public FireResult fireSchedule(ScheduleFire fire) {
    NewJob job = fire.job();
    Instant now = stored(fire.now());
    String specJson = job == null ? null : json(job.spec());
    String labelsJson = job == null ? null : json(job.spec().labels());
    return db.write("schedule fire", sql -> {
      if (sql.update(SqliteSql.ADVANCE_SCHEDULE, millis(fire.next()), fire.scheduleId(), millis(fire.due())) != 1) {
        return new FireResult(FireResult.Outcome.MOVED_ON, null);
      }
      if (job == null) {
        return new FireResult(FireResult.Outcome.SKIPPED, null);
      }
      Job submitted = insert(sql, job, now, specJson, labelsJson).job();
      sql.update(SqliteSql.NOTE_SCHEDULE_JOB, millis(now), submitted.id(), fire.scheduleId());
      return new FireResult(FireResult.Outcome.FIRED, submitted);
    });
  }

  // ---- files ---------------------------------------------------------------------------------

  @Override
  public JobFiles files() {
    return files;
  }

  // ---- health ----------------------------------------------------------------------------------

  @Override
  public void checkHealth() {
    db.read("health check", sql -> sql.one(SqliteSql.CHECK_HEALTH, rs -> rs.getLong(1)));
  }

  @Override
  public void close() {
    db.close();
  }

  // ---- writes shared by several methods --------------------------------------------------------

  private static SubmitResult insert(Jdbc sql, NewJob job, Instant now, String specJson, String labelsJson)
      throws SQLException {
    var spec = job.spec();
    if (job.key() != null) {
      Optional<Job> existing = sql.one(SqliteSql.FIND_JOB_BY_KEY, JobRows::job, job.key());
      if (existing.isPresent()) {
        boolean same = existing.get().spec().equals(job.spec());
        return new SubmitResult(same ? SubmitResult.Status.EXISTING : SubmitResult.Status.KEY_CONFLICT,
            existing.get());
      }
    }
    Job created = JobRows.submitted(job, now);
    // a dependency that already succeeded is not waited for; one that ended otherwise fails the job
    Map<String, String> dependencies = dependencyStates(sql, spec.after());
    int waitingOn = (int) dependencies.values().stream().filter(state -> !state.equals("succeeded")).count();
    String failed = dependencies.entrySet().stream()
        .filter(e -> JobState.fromWire(e.getValue()).isTerminal() && !e.getValue().equals("succeeded"))
        .map(Map.Entry::getKey).findFirst().orElse(null);
    sql.update(SqliteSql.SUBMIT,
        job.id(), job.key(), created.state().wireName(), specJson, spec.priority(), spec.worker(),
        labelsJson, spec.leaseTtl().toMillis(), spec.maxAttempts(), millis(now), millis(created.runAt()),
        job.submittedBy(), json(spec.preferLabels()), spec.preferWorker(), millis(spec.preferUntil(now)),
        spec.group(), spec.groupLimit(), waitingOn);
    List<Object[]> edges = new ArrayList<>();
    spec.after().forEach(d -> edges.add(new Object[] {job.id(), d}));
    sql.batch(SqliteSql.INSERT_DEPENDENCY, edges);
    SqliteJobFiles.attachInputs(sql, job.id(), spec.inputs());
    recordEvent(sql, created, now, JobChange.SUBMITTED,
        job.submittedBy() == null ? null : "submitted by " + job.submittedBy());
    if (failed != null) {
      created = apply(sql, JobChange.decide(created, new JobEvent.DependencyFailed(failed), now,
          DependencyOutcome.describe(failed, JobState.fromWire(dependencies.get(failed)))));
    }
    return new SubmitResult(SubmitResult.Status.CREATED, created);
  }

  private static Optional<Job> findJob(Jdbc sql, String id) throws SQLException {
    return sql.one(SqliteSql.FIND_JOB, JobRows::job, id);
  }

  /**
   * Persists a change decided by the state machine, then settles the jobs that wait for this one
   * when it ended: released when it succeeded, failed as {@code dependency_failed} otherwise, down
   * every chain, in the same transaction.
   */
  private static Job apply(Jdbc sql, JobChange change) throws SQLException {
    Job after = persist(sql, change);
    ArrayDeque<Job> ended = new ArrayDeque<>();
    if (after.state().isTerminal() && !change.changesNothing()) {
      ended.add(after);
    }
    while (!ended.isEmpty()) {
      Job done = ended.poll();
      if (done.state() == JobState.SUCCEEDED) {
        sql.update(SqliteSql.RELEASE_DEPENDENTS, done.id());
        continue;
      }
      for (Job dependent : sql.list(SqliteSql.QUEUED_DEPENDENTS, JobRows::job, done.id())) {
        ended.add(persist(sql, JobChange.decide(dependent, new JobEvent.DependencyFailed(done.id()), change.at(),
            DependencyOutcome.describe(done.id(), done.state()))));
      }
    }
    return after;
  }

  /**
   * Persists one change: the job's row (fenced on the state and attempt it was decided from), the
   * end of its open attempt, and its history entry.
   */
  private static Job persist(Jdbc sql, JobChange change) throws SQLException {
    Job before = change.before();
    if (change.changesNothing()) {
      return before;
    }
    int changed = sql.update(SqliteSql.APPLY_CHANGE,
        change.state().wireName(), change.cancelRequested(), millis(change.runAt()), millis(change.finishedAt()),
        millis(change.leaseExpiresAt()), change.exitCode(), wire(change.reason()), change.jobMessage(),
        before.id(), before.attempt(), before.state().wireName());
    if (changed != 1) {
      throw new IllegalStateException("job " + before.id() + " changed while this transaction held the write lock");
    }
    Job after = JobRows.changed(change);
    if (change.endsAttempt()) {
      var t = change.transition();
      sql.update(SqliteSql.END_ATTEMPT, millis(change.at()), wire(t.reason()), t.exitCode(), change.message(),
          before.id(), before.attempt());
    }
    recordEvent(sql, after, change.at(), change.eventType(), change.eventDetail());
    return after;
  }

  private static List<Job> releaseRunningJobs(Jdbc sql, String worker, Instant now, String why)
      throws SQLException {
    List<Job> released = new ArrayList<>();
    for (Job job : sql.list(SqliteSql.RUNNING_JOBS_OF_WORKER, JobRows::job, worker)) {
      released.add(apply(sql, JobChange.decide(job, JobEvent.LEASE_LOST, now, why)));
    }
    return released;
  }

  private static void recordEvent(Jdbc sql, Job job, Instant at, String type, String detail) throws SQLException {
    sql.update(SqliteSql.INSERT_EVENT, job.id(), millis(at), type, job.state().wireName(), job.attempt(),
        job.worker(), detail);
  }

  /**
   * Stores the part of a chunk not stored yet. Workers resend a chunk when a reply was lost, so a
   * chunk may repeat or overlap what is stored; only bytes past the stored end are new.
   */
  private static void storeChunk(Jdbc sql, String jobId, int attempt, OutputChunk chunk) throws SQLException {
    long end = sql.one(SqliteSql.APPEND_OUTPUT_END, rs -> rs.getLong(1), jobId, attempt, chunk.stream().wireName())
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
    sql.update(SqliteSql.APPEND_OUTPUT, jobId, attempt, chunk.stream().wireName(), offset, data);
  }

  private static String wire(EndReason reason) {
    return reason == null ? null : reason.wireName();
  }
}
