package io.relayq.coordinator;

import io.micrometer.core.instrument.Timer;
import io.relayq.core.Attempt;
import io.relayq.core.Job;
import io.relayq.core.OutputChannel;
import io.relayq.core.RecordedEvent;
import io.relayq.core.WorkerLoad;
import io.relayq.core.WorkerRecord;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.schedule.Schedule;
import io.relayq.store.CancelResult;
import io.relayq.store.ClaimRequest;
import io.relayq.store.Fenced;
import io.relayq.store.FinishRequest;
import io.relayq.store.FinishResult;
import io.relayq.store.FireResult;
import io.relayq.store.ScheduleFire;
import io.relayq.store.JobPage;
import io.relayq.store.JobQuery;
import io.relayq.store.JobStore;
import io.relayq.store.files.JobFiles;
import io.relayq.store.RegisterResult;
import io.relayq.store.RenewResult;
import io.relayq.store.NewToken;
import io.relayq.store.SubmitResult;
import io.relayq.store.TokenRecord;
import io.relayq.store.WorkerRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link JobStore} that times every call into {@code relayq_store_seconds{operation}} and passes
 * it on unchanged, failures included. The coordinator talks to its store only through this, so
 * every store call it makes is measured. Timing costs two clock reads per call.
 */
final class TimedJobStore implements JobStore {
  private final JobStore store;
  private final Timer submit;
  private final Timer claim;
  private final Timer renewLeases;
  private final Timer appendOutput;
  private final Timer finish;
  private final Timer requestCancel;
  private final Timer expireLeases;
  private final Timer extendRunningLeases;
  private final Timer findJob;
  private final Timer listJobs;
  private final Timer attempts;
  private final Timer events;
  private final Timer eventsAfter;
  private final Timer readOutput;
  private final Timer registerWorker;
  private final Timer touchWorker;
  private final Timer markWorker;
  private final Timer listWorkers;
  private final Timer runningInGroup;
  private final Timer cancelledLeases;
  private final Timer runningLeases;
  private final Timer queueStats;
  private final Timer pruneFinished;
  private final Timer checkHealth;
  private final Timer scheduleChanges;
  private final Timer scheduleReads;
  private final Timer fireSchedule;
  private final Timer tokens;

  TimedJobStore(JobStore store, CoordinatorMetrics metrics) {
    this.store = store;
    submit = metrics.storeTimer("submit");
    claim = metrics.storeTimer("claim");
    renewLeases = metrics.storeTimer("renew_leases");
    appendOutput = metrics.storeTimer("append_output");
    finish = metrics.storeTimer("finish");
    requestCancel = metrics.storeTimer("request_cancel");
    expireLeases = metrics.storeTimer("expire_leases");
    extendRunningLeases = metrics.storeTimer("extend_running_leases");
    findJob = metrics.storeTimer("find_job");
    listJobs = metrics.storeTimer("list_jobs");
    attempts = metrics.storeTimer("attempts");
    events = metrics.storeTimer("events");
    eventsAfter = metrics.storeTimer("events_after");
    readOutput = metrics.storeTimer("read_output");
    registerWorker = metrics.storeTimer("register_worker");
    touchWorker = metrics.storeTimer("touch_worker");
    markWorker = metrics.storeTimer("mark_worker");
    listWorkers = metrics.storeTimer("list_workers");
    runningInGroup = metrics.storeTimer("running_in_group");
    cancelledLeases = metrics.storeTimer("cancelled_leases");
    runningLeases = metrics.storeTimer("running_leases");
    queueStats = metrics.storeTimer("queue_stats");
    pruneFinished = metrics.storeTimer("prune_finished");
    checkHealth = metrics.storeTimer("check_health");
    scheduleChanges = metrics.storeTimer("schedule_change");
    scheduleReads = metrics.storeTimer("schedule_read");
    fireSchedule = metrics.storeTimer("fire_schedule");
    tokens = metrics.storeTimer("tokens");
  }

  @Override
  public SubmitResult submit(io.relayq.store.NewJob job) {
    return timed(submit, () -> store.submit(job));
  }

  @Override
  public List<Job> claim(ClaimRequest request) {
    return timed(claim, () -> store.claim(request));
  }

  @Override
  public RenewResult renewLeases(String worker, List<LeaseRef> leases, Instant now) {
    return timed(renewLeases, () -> store.renewLeases(worker, leases, now));
  }

  @Override
  public Fenced appendOutput(String jobId, int attempt, OutputChannel stream, long offset, byte[] data, Instant now) {
    return timed(appendOutput, () -> store.appendOutput(jobId, attempt, stream, offset, data, now));
  }

  @Override
  public FinishResult finish(FinishRequest request) {
    return timed(finish, () -> store.finish(request));
  }

  @Override
  public CancelResult requestCancel(String jobId, Instant now) {
    return timed(requestCancel, () -> store.requestCancel(jobId, now));
  }

  @Override
  public List<Job> expireLeases(Instant now, int limit) {
    return timed(expireLeases, () -> store.expireLeases(now, limit));
  }

  @Override
  public int extendRunningLeases(Instant now) {
    return timed(extendRunningLeases, () -> store.extendRunningLeases(now));
  }

  @Override
  public Optional<Job> findJob(String id) {
    return timed(findJob, () -> store.findJob(id));
  }

  @Override
  public JobPage listJobs(JobQuery query) {
    return timed(listJobs, () -> store.listJobs(query));
  }

  @Override
  public List<Attempt> attempts(String jobId) {
    return timed(attempts, () -> store.attempts(jobId));
  }

  @Override
  public List<RecordedEvent> events(String jobId) {
    return timed(events, () -> store.events(jobId));
  }

  @Override
  public List<RecordedEvent> eventsAfter(long afterSeq, int limit) {
    return timed(eventsAfter, () -> store.eventsAfter(afterSeq, limit));
  }

  @Override
  public long outputBytes(String jobId, int attempt) {
    return timed(readOutput, () -> store.outputBytes(jobId, attempt));
  }

  @Override
  public List<io.relayq.store.StoredChunk> readOutput(String jobId, int attempt, long afterSeq, int maxBytes) {
    return timed(readOutput, () -> store.readOutput(jobId, attempt, afterSeq, maxBytes));
  }

  @Override
  public RegisterResult registerWorker(WorkerRegistration registration, Duration liveWithin) {
    return timed(registerWorker, () -> store.registerWorker(registration, liveWithin));
  }

  @Override
  public boolean touchWorker(String name, String incarnation, boolean polled, boolean heartbeat, Instant now) {
    return timed(touchWorker, () -> store.touchWorker(name, incarnation, polled, heartbeat, now));
  }

  @Override
  public Fenced reportProgress(String jobId, int attempt, String worker, int percent, String text, Instant now) {
    return timed(touchWorker, () -> store.reportProgress(jobId, attempt, worker, percent, text, now));
  }

  @Override
  public boolean recordWorkerLoad(String name, String incarnation, WorkerLoad load) {
    return timed(touchWorker, () -> store.recordWorkerLoad(name, incarnation, load));
  }

  @Override
  public void markWorker(String name, String incarnation, boolean draining, boolean stopped, Instant now) {
    timed(markWorker, () -> {
      store.markWorker(name, incarnation, draining, stopped, now);
      return null;
    });
  }

  @Override
  public int runningInGroup(String group) {
    return timed(runningInGroup, () -> store.runningInGroup(group));
  }

  @Override
  public List<WorkerRecord> listWorkers() {
    return timed(listWorkers, store::listWorkers);
  }

  @Override
  public void createToken(NewToken token) {
    timed(tokens, () -> {
      store.createToken(token);
      return null;
    });
  }

  @Override
  public Optional<TokenRecord> findToken(String hash) {
    return timed(tokens, () -> store.findToken(hash));
  }

  @Override
  public List<TokenRecord> listTokens() {
    return timed(tokens, store::listTokens);
  }

  @Override
  public boolean revokeToken(String name, Instant now) {
    return timed(tokens, () -> store.revokeToken(name, now));
  }

  @Override
  public void touchToken(String hash, Instant now) {
    timed(tokens, () -> {
      store.touchToken(hash, now);
      return null;
    });
  }

  @Override
  public List<LeaseRef> cancelledLeases(String worker) {
    return timed(cancelledLeases, () -> store.cancelledLeases(worker));
  }

  @Override
  public List<LeaseRef> runningLeases(String worker) {
    return timed(runningLeases, () -> store.runningLeases(worker));
  }

  @Override
  public io.relayq.store.QueueStats queueStats(Instant now) {
    return timed(queueStats, () -> store.queueStats(now));
  }

  @Override
  public int pruneFinished(Instant finishedBefore, int batchSize) {
    return timed(pruneFinished, () -> store.pruneFinished(finishedBefore, batchSize));
  }

  @Override
  public boolean createSchedule(Schedule schedule) {
    return timed(scheduleChanges, () -> store.createSchedule(schedule));
  }

  @Override
  public Optional<Schedule> findSchedule(String name) {
    return timed(scheduleReads, () -> store.findSchedule(name));
  }

  @Override
  public List<Schedule> listSchedules() {
    return timed(scheduleReads, store::listSchedules);
  }

  @Override
  public Optional<Schedule> pauseSchedule(String name) {
    return timed(scheduleChanges, () -> store.pauseSchedule(name));
  }

  @Override
  public Optional<Schedule> resumeSchedule(String name, Instant nextFireAt) {
    return timed(scheduleChanges, () -> store.resumeSchedule(name, nextFireAt));
  }

  @Override
  public boolean deleteSchedule(String name) {
    return timed(scheduleChanges, () -> store.deleteSchedule(name));
  }

  @Override
  public List<Schedule> dueSchedules(Instant now, int limit) {
    return timed(scheduleReads, () -> store.dueSchedules(now, limit));
  }

  @Override
  public Optional<Instant> nextScheduleFireAt() {
    return timed(scheduleReads, store::nextScheduleFireAt);
  }

  @Override
  public FireResult fireSchedule(ScheduleFire fire) {
    return timed(fireSchedule, () -> store.fireSchedule(fire));
  }

  /** File transfers are timed by the HTTP metrics of their routes; their store calls go straight through. */
  @Override
  public JobFiles files() {
    return store.files();
  }

  @Override
  public void checkHealth() {
    timed(checkHealth, () -> {
      store.checkHealth();
      return null;
    });
  }

  /** Closes the store underneath. The coordinator never calls it: whoever opened the store owns it. */
  @Override
  public void close() {
    store.close();
  }

  private static <T> T timed(Timer timer, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
