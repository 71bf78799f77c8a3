package io.relayq.store.postgres;

import static io.relayq.store.postgres.PgRows.json;
import static io.relayq.store.postgres.PgRows.stored;

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
import io.relayq.store.NewToken;
import io.relayq.store.TokenNameTakenException;
import io.relayq.store.TokenRecord;
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
import io.relayq.store.StoreException;
import io.relayq.store.StoredChunk;
import io.relayq.store.SubmitResult;
import io.relayq.store.UnknownDependencyException;
import io.relayq.store.DependencyOutcome;
import io.relayq.store.GroupCandidate;
import io.relayq.store.WorkerNameOwnedException;
import io.relayq.store.WorkerNameTakenException;
import io.relayq.store.WorkerRegistration;
import io.relayq.store.files.JobFiles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link JobStore} on PostgreSQL, for high availability and scale: several coordinators may
 * share one database. Claims and the reaper lock rows with {@code SKIP LOCKED}, so coordinators
 * never hand out or re-queue the same job twice, and every other change locks its job first.
 *
 * <p>Every contract method is one transaction. History rows may become visible out of sequence
 * order (a slower transaction commits a smaller {@code seq} later), so {@link #eventsAfter} returns
 * only history below the horizon of the transactions still writing it: readers resuming an event
 * stream miss nothing, and writers never wait for each other to commit (see
 * {@link PostgresSql#HOLD_HISTORY_HORIZON}). A history reader only ever waits for the oldest write
 * transaction in flight, one contract call of this store: milliseconds.
 *
 * <p>Submits still commit one at a time: PostgreSQL serialises the commits of transactions that
 * NOTIFY, and a submit notifies inside its transaction so that a wake-up goes out exactly when the
 * job is committed. Notifying afterwards, in a transaction of its own without waiting for the disk,
 * lets submits share commits (8 clients: about 3,500 instead of 2,000 submits/s on a loaded 2-core
 * machine) but costs one client a second round trip and can lose a wake-up when a coordinator dies
 * between the two; it is not done.
 */
public final class PostgresJobStore implements JobStore {
  private static final int OUTPUT_FETCH_SIZE = 32;
  private static final long LISTEN_TIMEOUT_MS = 10_000;

  private final PostgresDatabase db;
  private final PostgresJobFiles files;
  private JobWakeups wakeups;

  private PostgresJobStore(PostgresDatabase db) {
    this.db = db;
    this.files = new PostgresJobFiles(db);
  }

  /**
   * Connects to {@code url}, a JDBC URL ({@code jdbc:postgresql://host:5432/db?user=relayq}) or a
   * libpq one ({@code postgresql://relayq@host:5432/db}), creates or upgrades the relayq tables
   * (in the URL's {@code currentSchema}, default {@code public}), and opens a pool of
   * {@value PostgresDatabase#DEFAULT_POOL_SIZE} connections. The password comes from the URL, else
   * {@value PostgresUrl#PASSWORD_ENV}, else the file named by {@value PostgresUrl#PASSWORD_FILE_ENV},
   * else {@code ~/.pgpass}.
   *
   * @throws IllegalArgumentException when the URL is malformed
   * @throws StoreException when the server cannot be reached, refuses the login, or the schema
   *     cannot be created; the message says which and what to check
   */
  public static PostgresJobStore open(String url) {
    return open(PostgresUrl.parse(url), PostgresDatabase.DEFAULT_POOL_SIZE);
  }

  /** As {@link #open(String)}, with the user and password given apart from a JDBC URL. */
  public static PostgresJobStore open(String jdbcUrl, String user, String password) {
    return open(new PostgresUrl(jdbcUrl, user, password), PostgresDatabase.DEFAULT_POOL_SIZE);
  }

  /** Connections a store keeps open when not told otherwise. */
  public static final int DEFAULT_POOL_SIZE = PostgresDatabase.DEFAULT_POOL_SIZE;

  /** As {@link #open(String)}, with a pool of {@code poolSize} connections. */
  public static PostgresJobStore open(PostgresUrl url, int poolSize) {
    return new PostgresJobStore(PostgresDatabase.open(url, poolSize));
  }

  /**
   * Runs {@code callback} (on a listener thread) whenever any coordinator sharing this database
   * commits a submit, so idle workers can be woken at once. Wake-ups are hints: a callback may run
   * once for several submits, and one may be lost while the listening connection reconnects.
   *
   * @throws StoreException when the listening connection cannot be set up
   */
  public synchronized void onJobSubmitted(Runnable callback) {
    if (wakeups == null) {
      JobWakeups started = new JobWakeups(db.url());
      try {
        if (!started.start(LISTEN_TIMEOUT_MS)) {
          started.close();
          throw new StoreException("cannot LISTEN for submitted jobs on " + db.where() + " within "
              + LISTEN_TIMEOUT_MS + " ms; check that the server accepts one more connection");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        started.close();
        throw new StoreException("interrupted while starting to LISTEN on " + db.where(), e);
      }
      wakeups = started;
    }
    wakeups.add(callback);
  }

  // ---- jobs ------------------------------------------------------------------------------------

  @Override
  public SubmitResult submit(NewJob job) {
    Instant now = stored(job.now());
    var spec = job.spec();
    return db.write("submit", c -> insert(c, job, now));
  }

  /** The states of the listed dependencies, share-locked; throws when one is not in the store. */
  private static Map<String, JobState> lockDependencies(Connection c, List<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, JobState> states = new LinkedHashMap<>();
    for (var row : Jdbc.list(c, PostgresSql.LOCK_DEPENDENCIES,
        rs -> Map.entry(rs.getString(1), JobState.fromWire(rs.getString(2))), c.createArrayOf("text", ids.toArray()))) {
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
    return db.write("claim", c -> {
      record Claimed(long seq, Job job) {}
      Jdbc.one(c, PostgresSql.SHARE_WORKER_NAME, rs -> true, request.worker());
      List<Claimed> claimed = new ArrayList<>();
      List<Claimed> grouped = new ArrayList<>();
      for (Claimed row : Jdbc.list(c, PostgresSql.CLAIM, rs -> new Claimed(rs.getLong("seq"), PgRows.job(rs)),
          now, request.worker(), request.labels(), now, request.worker(), request.labels(), request.worker(),
          request.incarnation(), request.limit(),
          JobChange.LEASE.to().wireName(), request.worker(), now, now)) {
        (row.job().state() == JobState.QUEUED ? grouped : claimed).add(row);
      }
      if (!grouped.isEmpty()) {
        // the group candidates are locked by this claim; their groups' counts are only exact under the group locks
        List<String> groups = grouped.stream().map(g -> g.job().spec().group()).distinct().sorted().toList();
        for (String group : groups) {
          Jdbc.one(c, PostgresSql.LOCK_GROUP, rs -> true, group);
        }
        Map<String, Integer> running = new HashMap<>();
        for (var row : Jdbc.list(c, PostgresSql.RUNNING_BY_GROUP, rs -> Map.entry(rs.getString(1), rs.getInt(2)),
            c.createArrayOf("text", groups.toArray()))) {
          running.put(row.getKey(), row.getValue());
        }
        grouped.sort(Comparator.comparingInt((Claimed x) -> -x.job().spec().priority()).thenComparingLong(Claimed::seq));
        List<GroupCandidate> candidates = grouped.stream()
            .map(g -> new GroupCandidate(g.seq(), g.job().spec().group(), g.job().spec().groupLimit(),
                running.getOrDefault(g.job().spec().group(), 0)))
            .toList();
        List<Long> chosen = GroupCandidate.withinLimits(candidates);
        if (!chosen.isEmpty()) {
          claimed.addAll(Jdbc.list(c, PostgresSql.LEASE_LOCKED, rs -> new Claimed(rs.getLong("seq"), PgRows.job(rs)),
              JobChange.LEASE.to().wireName(), request.worker(), now, now, c.createArrayOf("int8", chosen.toArray())));
        }
      }
      if (claimed.isEmpty()) {
        return List.of();
      }
      // RETURNING has no defined order; hand the jobs out in claim order
      claimed.sort(Comparator.comparingInt((Claimed x) -> -x.job().spec().priority()).thenComparingLong(Claimed::seq));
      List<Job> jobs = claimed.stream().map(Claimed::job).toList();
      History history = History.announce(c);
      try (PreparedStatement attempts = c.prepareStatement(PostgresSql.START_ATTEMPT);
          PreparedStatement events = history.c().prepareStatement(PostgresSql.INSERT_EVENT)) {
        for (Job job : jobs) {
          Jdbc.bind(attempts, job.id(), job.attempt(), job.worker(), now);
          attempts.addBatch();
          Jdbc.bind(events, job.id(), now, JobChange.LEASED, job.state().wireName(), job.attempt(),
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
    Instant at = stored(now);
    String[] ids = leases.stream().map(LeaseRef::jobId).toArray(String[]::new);
    Integer[] attempts = leases.stream().map(LeaseRef::attempt).toArray(Integer[]::new);
    return db.write("lease renewal", c -> {
      Map<LeaseRef, Boolean> held = new HashMap<>();
      for (var row : Jdbc.list(c, PostgresSql.RENEW_LEASES,
          rs -> Map.entry(new LeaseRef(rs.getString("id"), rs.getInt("attempt")), rs.getBoolean("cancel_requested")),
          c.createArrayOf("text", ids), c.createArrayOf("int4", attempts), worker, at)) {
        held.put(row.getKey(), row.getValue());
      }
      List<LeaseRef> renewed = new ArrayList<>();
      List<LeaseRef> stale = new ArrayList<>();
      List<LeaseRef> cancel = new ArrayList<>();
      for (LeaseRef lease : leases) {
        Boolean cancelRequested = held.get(lease);
        if (cancelRequested == null) {
          stale.add(lease);
          continue;
        }
        renewed.add(lease);
        if (cancelRequested) {
          cancel.add(lease);
        }
      }
      return new RenewResult(renewed, stale, cancel);
    });
  }

  @Override
  public Fenced appendOutput(String jobId, int attempt, OutputChannel stream, long offset, byte[] data, Instant now) {
    return db.write("output append", c -> {
      Optional<Boolean> current = Jdbc.one(c, PostgresSql.APPEND_OUTPUT_FENCE, rs -> rs.getBoolean(1), attempt, jobId);
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
      Optional<Job> found = Jdbc.one(c, PostgresSql.LOCK_JOB, PgRows::job, request.jobId());
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
      return new FinishResult(Fenced.ACCEPTED,
          apply(History.announce(c), JobChange.decide(job, request.event(), now, message)));
    });
  }

  @Override
  public CancelResult requestCancel(String jobId, Instant now) {
    return db.write("cancel", c -> {
      Optional<Job> found = Jdbc.one(c, PostgresSql.LOCK_JOB, PgRows::job, jobId);
      if (found.isEmpty()) {
        return new CancelResult(CancelResult.Outcome.NOT_FOUND, null);
      }
      Job job = found.get();
      if (job.state().isTerminal()) {
        return new CancelResult(CancelResult.Outcome.ALREADY_FINISHED, job);
      }
      Job after = apply(History.announce(c), JobChange.decide(job, JobEvent.CANCEL_REQUESTED, stored(now), null));
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
      List<Job> expired = Jdbc.list(c, PostgresSql.EXPIRE_LEASES, PgRows::job, at, limit);
      if (expired.isEmpty()) {
        return List.of();
      }
      History history = History.announce(c);
      List<Job> moved = new ArrayList<>();
      for (Job job : expired) {
        String why = "no heartbeat from worker " + job.worker() + " before the lease expired at " + job.leaseExpiresAt();
        moved.add(apply(history, JobChange.decide(job, JobEvent.LEASE_LOST, at, why)));
      }
      return moved;
    });
  }

  @Override
  public int extendRunningLeases(Instant now) {
    return db.write("lease extension", c -> Jdbc.update(c, PostgresSql.EXTEND_RUNNING_LEASES, stored(now)));
  }

  @Override
  public Optional<Job> findJob(String id) {
    return db.read("job read", c -> Jdbc.one(c, PostgresSql.FIND_JOB, PgRows::job, id));
  }

  @Override
  public JobPage listJobs(JobQuery query) {
    List<Object> params = query.listingParameters();
    String listing = PostgresSql.listJobs(query.state() != null, query.worker() != null, query.label() != null,
        query.submittedBy() != null);
    List<JobPage.Row> rows = db.read("job listing",
        c -> Jdbc.list(c, listing, rs -> new JobPage.Row(rs.getLong("seq"), PgRows.job(rs)), params.toArray()));
    return JobPage.of(rows, query.limit());
  }

  @Override
  public List<Attempt> attempts(String jobId) {
    return db.read("attempt read", c -> Jdbc.list(c, PostgresSql.ATTEMPTS, PgRows::attempt, jobId));
  }

  @Override
  public List<RecordedEvent> events(String jobId) {
    return db.read("event read", c -> Jdbc.list(c, PostgresSql.EVENTS, PgRows::event, jobId));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns only history below the horizon of the transactions writing history now (see {@link
   * PostgresSql#HOLD_HISTORY_HORIZON}), so an entry committed late with a smaller {@code seq} is
   * never skipped: it comes in a later call, in order. The three statements run in auto-commit, in
   * this order, so each sees a snapshot taken after the previous one.
   */
  @Override
  public List<RecordedEvent> eventsAfter(long afterSeq, int limit) {
    return db.read("event read", c -> {
      long next = Jdbc.one(c, PostgresSql.NEXT_EVENT_SEQ, rs -> rs.getLong(1)).orElseThrow();
      long horizon = next;
      for (long key : Jdbc.list(c, PostgresSql.HELD_HISTORY_HORIZONS, rs -> rs.getLong(1))) {
        horizon = Math.min(horizon, History.unwrap(key, next));
      }
      return Jdbc.list(c, PostgresSql.EVENTS_AFTER, PgRows::event, afterSeq, horizon, limit);
    });
  }

  @Override
  public long outputBytes(String jobId, int attempt) {
    return db.read("output size",
        c -> Jdbc.one(c, PostgresSql.OUTPUT_BYTES, rs -> rs.getLong(1), jobId, attempt).orElse(0L));
  }

  @Override
  public List<StoredChunk> readOutput(String jobId, int attempt, long afterSeq, int maxBytes) {
    return db.read("output read", c -> {
      // a cursor (fetch size, outside auto-commit) so chunks past the byte budget are never sent
      c.setAutoCommit(false);
      try (PreparedStatement ps = Jdbc.prepare(c, PostgresSql.READ_OUTPUT, jobId, attempt, afterSeq)) {
        ps.setFetchSize(OUTPUT_FETCH_SIZE);
        List<StoredChunk> chunks = new ArrayList<>();
        long bytes = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            StoredChunk chunk = PgRows.chunk(rs);
            if (!chunks.isEmpty() && bytes + chunk.data().length > maxBytes) {
              break;
            }
            chunks.add(chunk);
            bytes += chunk.data().length;
          }
        }
        return chunks;
      } finally {
        c.rollback();
      }
    });
  }

  // ---- workers ---------------------------------------------------------------------------------

  @Override
  public RegisterResult registerWorker(WorkerRegistration r, Duration liveWithin) {
    Instant now = stored(r.now());
    return db.write("worker registration", c -> {
      Jdbc.one(c, PostgresSql.LOCK_WORKER_NAME, rs -> true, r.name());
      Optional<WorkerRecord> existing = Jdbc.one(c, PostgresSql.FIND_WORKER, PgRows::worker, r.name());
      List<Job> released = List.of();
      if (existing.isPresent()) {
        WorkerRecord old = existing.get();
        if (r.comesFromAnotherTokenThan(old)
            && Jdbc.one(c, PostgresSql.ACTIVE_TOKEN_NAMED, rs -> true, old.tokenName()).isPresent()) {
          throw new WorkerNameOwnedException(r.name());
        }
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
      Jdbc.update(c, PostgresSql.REGISTER_WORKER, r.name(), r.workerId(), r.incarnation(), r.labels(),
          r.slots(), r.version(), r.host(), now, now, r.tokenName());
      WorkerRecord worker = Jdbc.one(c, PostgresSql.FIND_WORKER, PgRows::worker, r.name()).orElseThrow();
      return new RegisterResult(worker, released);
    });
  }

  @Override
  public boolean touchWorker(String name, String incarnation, boolean polled, boolean heartbeat, Instant now) {
    Instant at = stored(now);
    return db.write("worker poll/heartbeat",
        c -> Jdbc.update(c, PostgresSql.TOUCH_WORKER, polled, at, heartbeat, at, name, incarnation) == 1);
  }

  @Override
  public Fenced reportProgress(String jobId, int attempt, String worker, int percent, String text, Instant now) {
    return db.write("job progress", c -> {
      if (Jdbc.update(c, PostgresSql.REPORT_PROGRESS, percent, text, stored(now), jobId, attempt, worker) == 1) {
        return Fenced.ACCEPTED;
      }
      return Jdbc.one(c, PostgresSql.FIND_JOB, rs -> true, jobId).isPresent() ? Fenced.STALE_LEASE : Fenced.NOT_FOUND;
    });
  }

  @Override
  public boolean recordWorkerLoad(String name, String incarnation, WorkerLoad load) {
    return db.write("worker load", c -> Jdbc.update(c, PostgresSql.RECORD_WORKER_LOAD, load.cpuPercent(),
        load.freeMemoryBytes(), load.paused(), name, incarnation) == 1);
  }

  @Override
  public void markWorker(String name, String incarnation, boolean draining, boolean stopped, Instant now) {
    db.write("worker goodbye", c -> {
      // a claim in flight finishes first; one after this sees the worker draining or stopped
      Jdbc.one(c, PostgresSql.LOCK_WORKER_NAME, rs -> true, name);
      return Jdbc.update(c, PostgresSql.MARK_WORKER, draining, stopped, stored(now), name, incarnation);
    });
  }

  @Override
  public List<WorkerRecord> listWorkers() {
    return db.read("worker listing", c -> Jdbc.list(c, PostgresSql.LIST_WORKERS, PgRows::worker));
  }

  @Override
  public int runningInGroup(String group) {
    return db.read("group count", c -> Jdbc.one(c, PostgresSql.RUNNING_IN_GROUP, rs -> rs.getInt(1), group).orElse(0));
  }

  @Override
  public List<LeaseRef> cancelledLeases(String worker) {
    return db.read("cancelled-lease read", c -> Jdbc.list(c, PostgresSql.CANCELLED_LEASES, PgRows::lease, worker));
  }

  @Override
  public List<LeaseRef> runningLeases(String worker) {
    return db.read("running-lease read", c -> Jdbc.list(c, PostgresSql.RUNNING_LEASES, PgRows::lease, worker));
  }

  // ---- tokens ----------------------------------------------------------------------------------

  @Override
  public void createToken(NewToken token) {
    boolean created = db.write("token creation", c -> Jdbc.update(c, PostgresSql.CREATE_TOKEN, token.hash(),
        token.name(), token.role().wireName(), stored(token.createdAt())) == 1);
    if (!created) {
      throw new TokenNameTakenException(token.name());
    }
  }

  @Override
  public Optional<TokenRecord> findToken(String hash) {
    return db.read("token read", c -> Jdbc.one(c, PostgresSql.FIND_TOKEN, PgRows::token, hash));
  }

  @Override
  public List<TokenRecord> listTokens() {
    return db.read("token listing", c -> Jdbc.list(c, PostgresSql.LIST_TOKENS, PgRows::token));
  }

  @Override
  public boolean revokeToken(String name, Instant now) {
    return db.write("token revocation", c -> Jdbc.update(c, PostgresSql.REVOKE_TOKEN, stored(now), name) == 1);
  }

  @Override
  public void touchToken(String hash, Instant now) {
    db.write("token use", c -> Jdbc.update(c, PostgresSql.TOUCH_TOKEN, stored(now), hash));
  }

  // ---- statistics and retention ----------------------------------------------------------------

  @Override
  public QueueStats queueStats(Instant now) {
    Instant at = stored(now);
    return db.readSnapshot("queue statistics", c -> {
      record Group(QueueStats.Routing routing, long jobs, long queued, long scheduled) {}
      List<Group> groups = Jdbc.list(c, PostgresSql.QUEUED_BY_ROUTING,
          rs -> new Group(new QueueStats.Routing(rs.getString("target_worker"), PgRows.strings(rs, "labels")),
              rs.getLong("jobs"), rs.getLong("all_queued"), rs.getLong("all_scheduled")),
          at, QueueStats.TOP_ROUTINGS);
      Map<JobState, Long> counts = new EnumMap<>(JobState.class);
      for (var row : Jdbc.list(c, PostgresSql.COUNT_NOT_QUEUED, rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
        counts.put(JobState.fromWire(row.getKey()), row.getValue());
      }
      Map<QueueStats.Routing, Long> byRouting = new LinkedHashMap<>();
      groups.forEach(g -> byRouting.put(g.routing(), g.jobs()));
      if (groups.isEmpty()) {
        return new QueueStats(at, counts, null, 0, byRouting);
      }
      counts.put(JobState.QUEUED, groups.get(0).queued());
      Instant oldest = Jdbc.one(c, PostgresSql.OLDEST_QUEUED, rs -> PgRows.instant(rs, "created_at")).orElseThrow();
      return new QueueStats(at, counts, oldest, groups.get(0).scheduled(), byRouting);
    });
  }

  @Override
  public int pruneFinished(Instant finishedBefore, int batchSize) {
    if (batchSize < 1 || batchSize > MAX_PRUNE_BATCH) {
      throw new IllegalArgumentException("batchSize " + batchSize + " is out of range 1.." + MAX_PRUNE_BATCH
          + "; prune in batches of a few hundred so other writes wait at most one batch");
    }
    return db.write("retention", c -> Jdbc.update(c, PostgresSql.PRUNE_FINISHED, finishedBefore, batchSize));
  }

  // ---- schedules -------------------------------------------------------------------------------

  @Override
  public boolean createSchedule(Schedule s) {
    return db.write("schedule creation", c -> Jdbc.update(c, PostgresSql.CREATE_SCHEDULE, s.id(), s.name(),
        s.cron(), s.timezone(), s.catchUp().wireName(), json(s.job()), s.paused(), s.nextFireAt(),
        s.createdAt()) == 1);
  }

  @Override
  public Optional<Schedule> findSchedule(String name) {
    return db.read("schedule read", c -> Jdbc.one(c, PostgresSql.FIND_SCHEDULE, PgRows::schedule, name));
  }

  @Override
  public List<Schedule> listSchedules() {
    return db.read("schedule listing", c -> Jdbc.list(c, PostgresSql.LIST_SCHEDULES, PgRows::schedule));
  }

  @Override
  public Optional<Schedule> pauseSchedule(String name) {
    return db.write("schedule pause", c -> Jdbc.one(c, PostgresSql.PAUSE_SCHEDULE, PgRows::schedule, name));
  }

  @Override
  public Optional<Schedule> resumeSchedule(String name, Instant nextFireAt) {
    return db.write("schedule resume",
        c -> Jdbc.one(c, PostgresSql.RESUME_SCHEDULE, PgRows::schedule, nextFireAt, name));
  }

  @Override
  public boolean deleteSchedule(String name) {
    return db.write("schedule deletion", c -> Jdbc.update(c, PostgresSql.DELETE_SCHEDULE, name) == 1);
  }

  @Override
  public List<Schedule> dueSchedules(Instant now, int limit) {
    return db.read("due schedules", c -> Jdbc.list(c, PostgresSql.DUE_SCHEDULES, PgRows::schedule, now, limit));
  }

  @Override
  public Optional<Instant> nextScheduleFireAt() {
    return db.read("next schedule fire",
        c -> Jdbc.one(c, PostgresSql.NEXT_SCHEDULE_FIRE, rs -> PgRows.instant(rs, "next_fire_at")));
  }

  @Override
  public FireResult fireSchedule(ScheduleFire fire) {
    NewJob job = fire.job();
    Instant now = stored(fire.now());
    return db.write("schedule fire", c -> {
      if (Jdbc.update(c, PostgresSql.ADVANCE_SCHEDULE, fire.next(), fire.scheduleId(), fire.due()) != 1) {
        return new FireResult(FireResult.Outcome.MOVED_ON, null);
      }
      if (job == null) {
        return new FireResult(FireResult.Outcome.SKIPPED, null);
      }
      Job submitted = insert(c, job, now).job();
      Jdbc.update(c, PostgresSql.NOTE_SCHEDULE_JOB, now, submitted.id(), fire.scheduleId());
      return new FireResult(FireResult.Outcome.FIRED, submitted);
    });
  }

  // ---- health ----------------------------------------------------------------------------------

  @Override
  public JobFiles files() {
    return files;
  }

  @Override
  public void checkHealth() {
    db.read("health check", c -> Jdbc.one(c, PostgresSql.CHECK_HEALTH, rs -> rs.getLong(1)));
  }

  @Override
  public synchronized void close() {
    if (wakeups != null) {
      wakeups.close();
      wakeups = null;
    }
    db.close();
  }

  // ---- writes shared by several methods --------------------------------------------------------

  private static SubmitResult insert(Connection c, NewJob job, Instant now) throws SQLException {
    var spec = job.spec();
    // a dependency that already succeeded is not waited for; one that ended otherwise fails the job
    Map<String, JobState> dependencies = lockDependencies(c, spec.after());
    int waitingOn = (int) dependencies.values().stream().filter(state -> state != JobState.SUCCEEDED).count();
    String failed = dependencies.entrySet().stream()
        .filter(e -> e.getValue().isTerminal() && e.getValue() != JobState.SUCCEEDED)
        .map(Map.Entry::getKey).findFirst().orElse(null);
    Optional<Job> created = Jdbc.one(c, PostgresSql.SUBMIT, PgRows::job,
        job.id(), job.key(), JobState.QUEUED.wireName(), json(spec), spec.priority(), spec.worker(),
        spec.labels(), spec.leaseTtl().toMillis(), spec.maxAttempts(), now, spec.earliestStart(now),
        job.submittedBy(), spec.preferLabels(), spec.preferWorker(), spec.preferUntil(now), spec.group(),
        spec.groupLimit(), waitingOn);
    if (created.isEmpty()) {
      Job existing = Jdbc.one(c, PostgresSql.FIND_JOB_BY_KEY, PgRows::job, job.key()).orElseThrow();
      boolean same = existing.spec().equals(spec);
      return new SubmitResult(same ? SubmitResult.Status.EXISTING : SubmitResult.Status.KEY_CONFLICT, existing);
    }
    if (!spec.after().isEmpty()) {
      Jdbc.update(c, PostgresSql.INSERT_DEPENDENCIES, job.id(), c.createArrayOf("text", spec.after().toArray()));
    }
    PostgresJobFiles.attachInputs(c, job.id(), spec.inputs());
    Jdbc.one(c, PostgresSql.NOTIFY_SUBMITTED, rs -> true, job.id());
    History history = History.announce(c);
    recordEvent(history, created.get(), now, JobChange.SUBMITTED,
        job.submittedBy() == null ? null : "submitted by " + job.submittedBy());
    Job submitted = created.get();
    if (failed != null) {
      submitted = apply(history, JobChange.decide(submitted, new JobEvent.DependencyFailed(failed), now,
          DependencyOutcome.describe(failed, dependencies.get(failed))));
    }
    return new SubmitResult(SubmitResult.Status.CREATED, submitted);
  }

  /**
   * A write transaction that announced it may write history ({@link PostgresSql#HOLD_HISTORY_HORIZON}).
   * History rows are written only through one, so no path can write them unannounced; a transaction
   * announces once, before its first history row.
   */
  private record History(Connection c) {
    private static final long KEY_RANGE = 1L << 31;

    static History announce(Connection c) throws SQLException {
      Jdbc.one(c, PostgresSql.HOLD_HISTORY_HORIZON, rs -> true);
      return new History(c);
    }

    /**
     * The sequence value a horizon key stands for: the largest value at most {@code next} with that
     * remainder. Keys are taken from values up to {@code next}, and no transaction lives through
     * 2^31 history entries, so this is the value locked.
     */
    static long unwrap(long key, long next) {
      return next - Math.floorMod(next - key, KEY_RANGE);
    }
  }

  /**
   * Persists a change decided by the state machine, then settles the jobs that wait for this one
   * when it ended: released when it succeeded, failed as {@code dependency_failed} otherwise, down
   * every chain, in the same transaction. Dependents always come after their dependencies in
   * {@code seq}, so rows are locked in {@code seq} order along a chain.
   */
  private static Job apply(History history, JobChange change) throws SQLException {
    Job after = persist(history, change);
    ArrayDeque<Job> ended = new ArrayDeque<>();
    if (after.state().isTerminal() && !change.changesNothing()) {
      ended.add(after);
    }
    while (!ended.isEmpty()) {
      Job done = ended.poll();
      if (done.state() == JobState.SUCCEEDED) {
        Jdbc.update(history.c(), PostgresSql.RELEASE_DEPENDENTS, done.id());
        continue;
      }
      for (Job dependent : Jdbc.list(history.c(), PostgresSql.LOCK_QUEUED_DEPENDENTS, PgRows::job, done.id())) {
        ended.add(persist(history, JobChange.decide(dependent, new JobEvent.DependencyFailed(done.id()), change.at(),
            DependencyOutcome.describe(done.id(), done.state()))));
      }
    }
    return after;
  }

  /**
   * Persists one change: the job's row (fenced on the state and attempt it was decided from; the
   * caller holds the row lock), the end of its open attempt, and its history entry.
   */
  private static Job persist(History history, JobChange change) throws SQLException {
    Job before = change.before();
    if (change.changesNothing()) {
      return before;
    }
    Connection c = history.c();
    Job after = Jdbc.one(c, PostgresSql.APPLY_CHANGE, PgRows::job,
        change.state().wireName(), change.cancelRequested(), change.runAt(), change.finishedAt(),
        change.leaseExpiresAt(), change.exitCode(), wire(change.reason()), change.jobMessage(),
        before.id(), before.attempt(), before.state().wireName())
        .orElseThrow(() -> new IllegalStateException(
            "job " + before.id() + " changed while this transaction held its row lock"));
    if (change.endsAttempt()) {
      var t = change.transition();
      Jdbc.update(c, PostgresSql.END_ATTEMPT, change.at(), wire(t.reason()), t.exitCode(), change.message(),
          before.id(), before.attempt());
    }
    recordEvent(history, after, change.at(), change.eventType(), change.eventDetail());
    return after;
  }

  private static List<Job> releaseRunningJobs(Connection c, String worker, Instant now, String why)
      throws SQLException {
    List<Job> running = Jdbc.list(c, PostgresSql.LOCK_RUNNING_JOBS_OF_WORKER, PgRows::job, worker);
    if (running.isEmpty()) {
      return List.of();
    }
    History history = History.announce(c);
    List<Job> released = new ArrayList<>();
    for (Job job : running) {
      released.add(apply(history, JobChange.decide(job, JobEvent.LEASE_LOST, now, why)));
    }
    return released;
  }

  private static void recordEvent(History history, Job job, Instant at, String type, String detail)
      throws SQLException {
    Jdbc.update(history.c(), PostgresSql.INSERT_EVENT, job.id(), at, type, job.state().wireName(), job.attempt(),
        job.worker(), detail);
  }

  /**
   * Stores the part of a chunk not stored yet. Workers resend a chunk when a reply was lost, so a
   * chunk may repeat or overlap what is stored; only bytes past the stored end are new. The caller
   * holds the job's row lock, so two sends of one stream cannot interleave.
   */
  private static void storeChunk(Connection c, String jobId, int attempt, OutputChunk chunk) throws SQLException {
    String stream = chunk.stream().wireName();
    long end = Jdbc.one(c, PostgresSql.APPEND_OUTPUT_END, rs -> rs.getLong(1), jobId, attempt, stream).orElse(0L);
    byte[] data = chunk.data();
    long offset = chunk.offset();
    if (offset + data.length <= end) {
      return;
    }
    if (offset < end) {
      data = Arrays.copyOfRange(data, (int) (end - offset), data.length);
      offset = end;
    }
    Jdbc.update(c, PostgresSql.APPEND_OUTPUT, jobId, attempt, stream, offset, data);
  }

  private static String wire(EndReason reason) {
    return reason == null ? null : reason.wireName();
  }
}
