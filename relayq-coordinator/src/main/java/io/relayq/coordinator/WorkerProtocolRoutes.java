package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.Job;
import io.relayq.core.JobEvent;
import io.relayq.core.JobIds;
import io.relayq.core.JobState;
import io.relayq.core.Labels;
import io.relayq.core.OutputChannel;
import io.relayq.core.WorkerLoad;
import io.relayq.core.api.FinishReport;
import io.relayq.core.api.HeartbeatRequest;
import io.relayq.core.api.HeartbeatResponse;
import io.relayq.core.api.LeaseGrant;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import io.relayq.core.api.PollRequest;
import io.relayq.core.api.PollResponse;
import io.relayq.core.api.ProgressReport;
import io.relayq.core.api.WorkerHello;
import io.relayq.core.api.WorkerList;
import io.relayq.core.api.WorkerWelcome;
import io.relayq.store.ClaimRequest;
import io.relayq.store.FinishRequest;
import io.relayq.store.FinishResult;
import io.relayq.store.JobStore;
import io.relayq.store.RegisterResult;
import io.relayq.store.RenewResult;
import io.relayq.store.WorkerNameOwnedException;
import io.relayq.store.WorkerNameTakenException;
import io.relayq.store.WorkerRegistration;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker protocol (docs/protocol.md, "Worker protocol"): hello, long poll, heartbeat, output,
 * finish, goodbye; plus the worker list users read.
 *
 * <p>A poll holds the request until there is work: it claims, and if nothing came back waits on
 * the work signal (every submit, re-queue and cancel wakes it) and claims again, re-checking at
 * least once a second so delayed jobs start on time and other coordinators' submits are seen.
 */
final class WorkerProtocolRoutes {
  private static final Logger log = LoggerFactory.getLogger(WorkerProtocolRoutes.class);
  private static final Duration RECHECK = Duration.ofSeconds(1);
  static final int MAX_SLOTS = 1024;
  private static final int MAX_LEASES = 10_000;
  private static final int MAX_ID_LENGTH = 128;
  private static final int MAX_TEXT_LENGTH = 256;
  private static final int MAX_MESSAGE_LENGTH = 64 * 1024;

  private final JobStore store;
  private final InstantSource clock;
  private final CoordinatorConfig config;
  private final RequestBodies bodies;
  private final Views views;
  private final Wakeups wakeups;
  private final WorkerDirectory directory;
  private final WorkerPresence presence;
  private final JobTelemetry telemetry;
  private final Ownership ownership;
  private final OutputCap outputCap;
  /** Cancels already handed to each worker by a poll, so they do not end every later poll at once. */
  private final ConcurrentHashMap<String, Set<LeaseRef>> cancelsSent = new ConcurrentHashMap<>();

  WorkerProtocolRoutes(JobStore store, InstantSource clock, CoordinatorConfig config, RequestBodies bodies,
      Views views, Wakeups wakeups, WorkerDirectory directory, WorkerPresence presence, JobTelemetry telemetry,
      Ownership ownership, OutputCap outputCap) {
    this.store = store;
    this.clock = clock;
    this.config = config;
    this.bodies = bodies;
    this.views = views;
    this.wakeups = wakeups;
    this.directory = directory;
    this.presence = presence;
    this.telemetry = telemetry;
    this.ownership = ownership;
    this.outputCap = outputCap;
  }

  void register(RoutesConfig routes) {
    routes.get(Api.V1 + "/workers", this::list, Access.READ);
    routes.post(Api.V1 + "/workers/{name}/hello", this::hello, Access.WORKER);
    routes.post(Api.V1 + "/workers/{name}/poll", this::poll, Access.WORKER);
    routes.post(Api.V1 + "/workers/{name}/heartbeat", this::heartbeat, Access.WORKER);
    routes.post(Api.V1 + "/workers/{name}/goodbye", this::goodbye, Access.WORKER);
    routes.post(Api.V1 + "/jobs/{id}/attempts/{attempt}/output", this::output, Access.WORKER);
    routes.post(Api.V1 + "/jobs/{id}/attempts/{attempt}/finish", this::finish, Access.WORKER);
  }

  private void list(Context ctx) {
    QueryParams.of(ctx, Set.of());
    ctx.json(new WorkerList(views.workers()));
  }

  // ---- hello / goodbye -------------------------------------------------------------------------

  private void hello(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = WorkerNames.check(ctx.pathParam("name"));
    WorkerHello h = bodies.json(ctx, WorkerHello.class,
        "{\"workerId\": \"...\", \"incarnation\": \"...\", \"labels\": [\"light\"], \"slots\": 2}");
    requireToken("workerId", h.workerId());
    requireToken("incarnation", h.incarnation());
    List<String> labels;
    try {
      labels = Labels.normalize(h.labels());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("labels: " + e.getMessage());
    }
    if (h.slots() < 1 || h.slots() > MAX_SLOTS) {
      throw ApiException.invalidField("slots: " + h.slots() + " is out of range 1.." + MAX_SLOTS);
    }
    optionalText("version", h.version());
    optionalText("host", h.host());
    Caller caller = Caller.of(ctx);
    WorkerLoad load = checkedLoad(h.load());
    RegisterResult result;
    try {
      result = store.registerWorker(new WorkerRegistration(name, h.workerId(), h.incarnation(), labels, h.slots(),
          h.version(), h.host(), clock.instant(), caller.isAdmin() ? null : caller.tokenName()),
          config.workerOfflineAfter());
    } catch (WorkerNameTakenException e) {
      throw ApiException.conflict("worker_name_taken", e.getMessage());
    } catch (WorkerNameOwnedException e) {
      throw new ApiException(403, "forbidden", e.getMessage());
    }
    if (load != null) {
      store.recordWorkerLoad(name, h.incarnation(), load);
      pauseIfLoaded(name, load);
    }
    directory.registered(result.worker());
    // an open poll of the previous incarnation must learn it was superseded
    wakeups.work().signal();
    cancelsSent.remove(name);
    presence.cameOnline(result.worker());
    for (Job job : result.released()) {
      log.info("job {} lost its lease: worker {} restarted, so attempt {} is gone; the job is now {}", job.id(), name,
          job.attempt(), job.state().wireName());
      jobMoved(job);
      telemetry.leaseLost(job, false, clock.instant());
    }
    ctx.json(new WorkerWelcome(name, config.heartbeatInterval(), result.released().size()));
  }

  private void goodbye(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = WorkerNames.check(ctx.pathParam("name"));
    ownership.requireWorker(Caller.of(ctx), name);
    GoodbyeRequest g = bodies.json(ctx, GoodbyeRequest.class, "{\"incarnation\": \"...\", \"draining\": true}");
    requireToken("incarnation", g.incarnation());
    directory.requireCurrent(name, g.incarnation());
    store.markWorker(name, g.incarnation(), g.draining(), !g.draining(), clock.instant());
    if (g.draining()) {
      directory.markedDraining(name, g.incarnation());
      presence.draining(name);
      log.info("worker {} is draining: it finishes its jobs and takes no new ones", name);
    } else {
      directory.forget(name);
      cancelsSent.remove(name);
      presence.wentOffline(name, "it said goodbye");
    }
    // its open poll answers now instead of holding the worker's shutdown for the poll wait
    wakeups.work().signal();
    ctx.status(204);
  }

  // ---- poll ------------------------------------------------------------------------------------

  private void poll(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = WorkerNames.check(ctx.pathParam("name"));
    ownership.requireWorker(Caller.of(ctx), name);
    PollRequest p = bodies.json(ctx, PollRequest.class, "{\"incarnation\": \"...\", \"free\": 1, \"waitMs\": 30000}");
    requireToken("incarnation", p.incarnation());
    if (p.free() < 0 || p.free() > MAX_SLOTS) {
      throw ApiException.invalidField("free: " + p.free() + " is out of range 0.." + MAX_SLOTS);
    }
    if (p.waitMs() < 0) {
      throw ApiException.invalidField("waitMs: " + p.waitMs() + " is negative; use 0 to answer at once");
    }
    long openedAt = System.nanoTime();
    WorkerDirectory.Known worker = directory.touchForPoll(name, p.incarnation(), clock.instant());
    long waitNanos = Duration.ofMillis(Math.min(p.waitMs(), config.maxPollWait().toMillis())).toNanos();
    long deadline = openedAt + waitNanos;
    // A worker never gets more than its slots at once, whatever it asks for.
    int free = Math.min(p.free(), worker.slots());
    while (true) {
      long generation = wakeups.work().generation();
      // Asked afresh each round: while this request waited, the worker may have been replaced by a
      // new start, begun draining, or lost a lease (then this request is likely held by a dead
      // connection, and a job leased to it would sit out a whole TTL).
      // The store checks the incarnation again inside the claim: this coordinator's view may lag
      // behind a hello made through another one.
      WorkerDirectory.PollRight right = directory.pollRight(name, p.incarnation(), openedAt);
      boolean mayClaim = free > 0 && right == WorkerDirectory.PollRight.CLAIM;
      List<LeaseGrant> jobs = mayClaim ? claim(name, p.incarnation(), worker.labels(), free) : List.of();
      if (right == WorkerDirectory.PollRight.SUPERSEDED) {
        directory.requireCurrent(name, p.incarnation());
      }
      List<LeaseRef> cancel = store.cancelledLeases(name);
      boolean newCancel = markCancelsSent(name, cancel);
      long remaining = deadline - System.nanoTime();
      // a draining or paused worker asking for cancels only (free = 0) may wait; any other refusal answers now
      boolean pointless = right != WorkerDirectory.PollRight.CLAIM
          && !((right == WorkerDirectory.PollRight.DRAINING || right == WorkerDirectory.PollRight.PAUSED) && free == 0);
      if (!jobs.isEmpty() || newCancel || pointless || remaining <= 0 || wakeups.work().isClosed()) {
        ctx.json(new PollResponse(jobs, cancel));
        return;
      }
      wakeups.work().await(generation, Duration.ofNanos(Math.min(remaining, RECHECK.toNanos())));
    }
  }

  /** Leases nothing when the store no longer has {@code incarnation} as the worker's current start. */
  private List<LeaseGrant> claim(String name, String incarnation, List<String> labels, int free) {
    List<Job> claimed = store.claim(new ClaimRequest(name, incarnation, labels, free, clock.instant()));
    for (Job job : claimed) {
      log.debug("job {} leased to {} as attempt {}", job.id(), name, job.attempt());
      wakeups.jobChanged(job);
    }
    telemetry.leased(claimed);
    return claimed.stream().map(j -> new LeaseGrant(j.id(), j.attempt(), j.spec(), j.leaseExpiresAt())).toList();
  }

  /** Ends the worker's open poll for jobs when its load pauses it: it asks again with what it may take now. */
  private void pauseIfLoaded(String name, WorkerLoad load) {
    if (!load.isPaused()) {
      directory.notPausedByLoad(name);
    } else if (directory.pausedByLoad(name)) {
      wakeups.work().signal();
    }
  }

  /** Remembers the cancels a worker now has; true when one of them is news to it. */
  private boolean markCancelsSent(String worker, List<LeaseRef> cancel) {
    if (cancel.isEmpty()) {
      cancelsSent.remove(worker);
      return false;
    }
    Set<LeaseRef> now = new HashSet<>(cancel);
    Set<LeaseRef> before = cancelsSent.put(worker, now);
    return before == null || !before.containsAll(now);
  }

  // ---- heartbeat -------------------------------------------------------------------------------

  private void heartbeat(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = WorkerNames.check(ctx.pathParam("name"));
    ownership.requireWorker(Caller.of(ctx), name);
    HeartbeatRequest h = bodies.json(ctx, HeartbeatRequest.class,
        "{\"incarnation\": \"...\", \"leases\": [{\"jobId\": \"j_...\", \"attempt\": 1}]}");
    requireToken("incarnation", h.incarnation());
    List<LeaseRef> leases = h.leases() == null ? List.of() : h.leases();
    if (leases.size() > MAX_LEASES) {
      throw ApiException.invalidField("leases: " + leases.size() + " leases, at most " + MAX_LEASES);
    }
    for (int i = 0; i < leases.size(); i++) {
      LeaseRef l = leases.get(i);
      if (l == null || !JobIds.isValid(l.jobId()) || l.attempt() < 1) {
        throw ApiException.invalidField("leases[" + i + "]: " + l
            + " is not a lease; give a job id like j_0q3c5m8x2kd4h7rt and an attempt of 1 or more");
      }
    }
    WorkerLoad load = checkedLoad(h.load());
    List<ProgressReport> progress = checkedProgress(h.progress());
    Instant now = clock.instant();
    directory.touchForHeartbeat(name, h.incarnation(), now);
    for (ProgressReport p : progress) {
      // a report for an attempt this worker no longer holds is dropped: the lease answer says why
      store.reportProgress(p.jobId(), p.attempt(), name, p.percent(), p.text(), now);
    }
    if (load != null) {
      store.recordWorkerLoad(name, h.incarnation(), load);
      pauseIfLoaded(name, load);
    }
    RenewResult r = leases.isEmpty() ? new RenewResult(List.of(), List.of(), List.of())
        : store.renewLeases(name, leases, now);
    ctx.json(new HeartbeatResponse(r.renewed(), r.stale(), r.cancel()));
  }

  // ---- output / finish -------------------------------------------------------------------------

  private void output(Context ctx) {
    QueryParams q = QueryParams.of(ctx, Set.of("stream", "offset"));
    String id = JobRoutes.jobId(ctx);
    int attempt = attempt(ctx);
    String streamName = q.string("stream");
    if (streamName == null) {
      throw ApiException.invalidQuery("stream: required (stdout or stderr)");
    }
    OutputChannel stream;
    try {
      stream = OutputChannel.fromWire(streamName);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidQuery("stream: " + e.getMessage());
    }
    Long offset = q.number("offset", 0, Long.MAX_VALUE);
    if (offset == null) {
      throw ApiException.invalidQuery("offset: required (the byte offset of this chunk within its stream)");
    }
    byte[] data = bodies.raw(ctx);
    ownership.requireLease(Caller.of(ctx), store.findJob(id).orElseThrow(() -> JobRoutes.noSuchJob(id)));
    OutputCap.Admitted admitted = outputCap.admit(id, attempt, List.of(new OutputChunk(stream, offset, data)));
    for (OutputChunk c : admitted.chunks()) {
      switch (store.appendOutput(id, attempt, c.stream(), c.offset(), c.data(), clock.instant())) {
        case ACCEPTED -> wakeups.outputAppended(id);
        case STALE_LEASE -> throw stale(id, attempt, "the output was refused");
        case NOT_FOUND -> throw JobRoutes.noSuchJob(id);
      }
    }
    if (admitted.reached()) {
      throw outputCap.refusal(id, attempt);
    }
    ctx.status(204);
  }

  private void finish(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String id = JobRoutes.jobId(ctx);
    int attempt = attempt(ctx);
    FinishReport report = bodies.json(ctx, FinishReport.class,
        "{\"attempt\": 1, \"outcome\": \"exited\", \"exitCode\": 0, \"output\": []}");
    if (report.attempt() != attempt) {
      throw ApiException.invalidField("attempt: the body says " + report.attempt() + " but the path says " + attempt);
    }
    JobEvent event;
    try {
      event = report.toEvent();
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("outcome: " + e.getMessage());
    }
    if (report.message() != null && report.message().length() > MAX_MESSAGE_LENGTH) {
      throw ApiException.invalidField("message: " + report.message().length() + " characters, at most "
          + MAX_MESSAGE_LENGTH);
    }
    List<OutputChunk> output = report.output() == null ? List.of() : report.output();
    for (int i = 0; i < output.size(); i++) {
      OutputChunk c = output.get(i);
      if (c == null || c.stream() == null || c.offset() < 0 || c.data() == null) {
        throw ApiException.invalidField("output[" + i + "]: a chunk needs a stream (stdout or stderr), an offset of 0"
            + " or more and data (base64)");
      }
    }
    Job job = store.findJob(id).orElseThrow(() -> JobRoutes.noSuchJob(id));
    ownership.requireLease(Caller.of(ctx), job);
    Instant now = clock.instant();
    List<OutputChunk> kept = outputCap.admit(id, attempt, output).chunks();
    FinishResult result = store.finish(new FinishRequest(id, attempt, job.worker(), event, report.message(), kept,
        now));
    switch (result.outcome()) {
      case ACCEPTED -> {
        outputCap.finished(id, attempt);
        Job after = result.job();
        log.debug("job {} attempt {} reported {}: now {}", id, attempt, report.outcome(), after.state().wireName());
        jobMoved(after);
        telemetry.finished(job, after, now);
        ctx.json(Views.brief(after));
      }
      case STALE_LEASE -> {
        if (!alreadyRecorded(id, attempt, event)) {
          throw stale(id, attempt, "the result was refused and recorded nowhere");
        }
        log.debug("job {} attempt {}: the same result again (its first reply was lost); already recorded", id, attempt);
        ctx.json(Views.brief(store.findJob(id).orElseThrow(() -> JobRoutes.noSuchJob(id))));
      }
      case NOT_FOUND -> throw JobRoutes.noSuchJob(id);
    }
  }

  private boolean alreadyRecorded(String id, int attempt, JobEvent event) {
    return store.attempts(id).stream().filter(a -> a.number() == attempt).findFirst()
        .map(a -> RepeatedReport.alreadyRecorded(a, event)).orElse(false);
  }

  /** Wakes whoever must hear that a job moved; a job back in the queue is work for pollers. */
  private void jobMoved(Job job) {
    if (job.state() == JobState.QUEUED) {
      wakeups.jobQueued(job);
    } else {
      wakeups.jobChanged(job);
    }
  }

  private ApiException stale(String id, int attempt, String consequence) {
    String now = store.findJob(id).map(j -> "the job is now " + j.state().wireName() + " on attempt " + j.attempt()
        + (j.worker() == null ? "" : " (worker " + j.worker() + ")")).orElse("the job is gone");
    return ApiException.conflict("stale_lease", "attempt " + attempt + " of job " + id + " no longer holds the lease: "
        + now + "; " + consequence);
  }

  // ---- validation ------------------------------------------------------------------------------

  static int attempt(Context ctx) {
    String text = ctx.pathParam("attempt");
    try {
      int n = Integer.parseInt(text);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw ApiException.invalidId("'" + text + "' is not an attempt number (1 or more)");
  }

  private static void requireToken(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalidField(field + ": required, a non-empty string of at most " + MAX_ID_LENGTH
          + " characters");
    }
    if (value.length() > MAX_ID_LENGTH || !value.chars().allMatch(c -> c > 32 && c < 127)) {
      throw ApiException.invalidField(field + ": at most " + MAX_ID_LENGTH
          + " printable ASCII characters without spaces");
    }
  }

  private static List<ProgressReport> checkedProgress(List<ProgressReport> progress) {
    if (progress == null) {
      return List.of();
    }
    if (progress.size() > MAX_LEASES) {
      throw ApiException.invalidField("progress: " + progress.size() + " reports, at most " + MAX_LEASES);
    }
    for (int i = 0; i < progress.size(); i++) {
      ProgressReport p = progress.get(i);
      if (p == null || !JobIds.isValid(p.jobId()) || p.attempt() < 1 || p.percent() < 0 || p.percent() > 100
          || p.text() != null && p.text().length() > ProgressReport.MAX_TEXT_LENGTH) {
        throw ApiException.invalidField("progress[" + i + "]: " + p + " is not a progress report; give a job id, an"
            + " attempt of 1 or more, a percent of 0..100 and a text of at most " + ProgressReport.MAX_TEXT_LENGTH
            + " characters");
      }
    }
    return progress;
  }

  private static WorkerLoad checkedLoad(WorkerLoad load) {
    if (load == null) {
      return null;
    }
    Double cpu = load.cpuPercent();
    if (cpu != null && !(cpu >= 0 && cpu <= 100)) {
      throw ApiException.invalidField("load.cpuPercent: " + cpu + " is out of range 0..100");
    }
    if (load.freeMemoryBytes() != null && load.freeMemoryBytes() < 0) {
      throw ApiException.invalidField("load.freeMemoryBytes: " + load.freeMemoryBytes() + " is negative");
    }
    String paused = load.paused();
    if (paused != null && (paused.isBlank() || paused.length() > WorkerLoad.MAX_PAUSED_LENGTH)) {
      throw ApiException.invalidField("load.paused: give null while the worker claims, else a reason of 1.."
          + WorkerLoad.MAX_PAUSED_LENGTH + " characters");
    }
    return load;
  }

  private static void optionalText(String field, String value) {
    if (value != null && value.length() > MAX_TEXT_LENGTH) {
      throw ApiException.invalidField(field + ": " + value.length() + " characters, at most " + MAX_TEXT_LENGTH);
    }
  }
}
