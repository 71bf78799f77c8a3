package io.relayq.store;

import io.relayq.core.Attempt;
import io.relayq.core.Job;
import io.relayq.core.OutputChannel;
import io.relayq.core.RecordedEvent;
import io.relayq.core.WorkerLoad;
import io.relayq.core.WorkerRecord;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.schedule.Schedule;
import io.relayq.store.files.JobFiles;
import io.relayq.store.files.UnknownUploadException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of jobs, their attempts, output and history, and of workers. The single source
 * of truth: coordinators keep no state of their own, so several may share one store.
 *
 * <p>Every state change is decided by {@link io.relayq.core.JobStateMachine} and committed together
 * with its attempt row and its {@link RecordedEvent}. Calls made under a lease carry the attempt
 * number (the fencing token) and are refused with {@link Fenced#STALE_LEASE} when the job has moved
 * on, so a worker that lost its lease can never change the job.
 *
 * <p>Every method throws {@link StoreException} when storage fails; nothing is then half-written.
 */
public interface JobStore extends AutoCloseable {

  // ---- jobs ------------------------------------------------------------------------------------

  /**
   * Inserts a queued job and commits it durably before returning. With an idempotency key already
   * used, inserts nothing and returns the existing job: {@code EXISTING} when its spec is equal,
   * {@code KEY_CONFLICT} when it differs.
   *
   * <p>A job with dependencies ({@code after}) waits until every one has succeeded. When one of them
   * has already ended otherwise, the job is committed and at once ends as failed with reason
   * {@code dependency_failed} (the returned job says so).
   *
   * <p>The job's inputs ({@link io.relayq.core.JobSpec#inputs}) are linked to their uploads in the
   * same transaction, so the job never exists without them.
   *
   * @throws UnknownDependencyException when a dependency is not in the store; nothing is inserted
   * @throws UnknownUploadException when an input's upload is not complete in the store; nothing is
   *     inserted
   */
  SubmitResult submit(NewJob job);

  /**
   * Leases up to {@code limit} queued jobs whose start time has come and that the worker may run,
   * highest priority first, then oldest. Each becomes running with attempt + 1 (its new fencing
   * token), a lease until now + its TTL, and an open attempt row. Two concurrent claims never
   * return the same job.
   *
   * <p>A worker may run a job when: the job's target worker (if any) is this one; its required
   * labels are all among the worker's; every dependency has succeeded; until its preference ends
   * ({@link io.relayq.core.JobSpec#preferUntil}), the worker is a preferred one; and its concurrency
   * group runs fewer jobs than the job's group limit, counting those leased by this same claim.
   * The group limit holds across concurrent claims, from any number of coordinators. A claim may
   * return fewer jobs than {@code limit} although more are queued, when its candidates were in a
   * full group.
   *
   * <p>Fenced by the worker's incarnation: returns nothing and changes nothing unless
   * {@link ClaimRequest#incarnation()} is the worker's current one and the worker is neither
   * draining nor stopped. The check and the lease are one transaction that a concurrent
   * {@link #registerWorker} of the same name cannot interleave with: either the claim comes first and
   * the registration releases what it leased, or the registration comes first and the claim leases
   * nothing.
   */
  List<Job> claim(ClaimRequest request);

  /**
   * Extends each listed lease the worker still holds by its job's TTL. Leases whose attempt is no
   * longer the job's running attempt come back as stale and are not touched.
   */
  RenewResult renewLeases(String worker, List<LeaseRef> leases, Instant now);

  /**
   * Stores output of a running attempt. A chunk (or the part of it) already stored at its offset is
   * ignored, so retried sends are safe. {@code STALE_LEASE} when the attempt is not current.
   */
  Fenced appendOutput(String jobId, int attempt, OutputChannel stream, long offset, byte[] data, Instant now);

  /**
   * Ends the running attempt as the worker reports it, storing its last output and applying the
   * state machine (succeed, fail, retry with backoff, cancel). {@code STALE_LEASE} and no change when
   * the attempt is not the current running one.
   */
  FinishResult finish(FinishRequest request);

  /**
   * Cancels a queued job at once; marks a running one so its worker kills it (the worker's report
   * then ends it as cancelled); leaves a finished one alone.
   */
  CancelResult requestCancel(String jobId, Instant now);

  /**
   * Applies the lost-lease transition to up to {@code limit} running jobs whose lease expired before
   * {@code now}: re-queued when attempts are left, else failed as lost. Returns the jobs after the
   * change. Safe to run from several coordinators at once: each job moves once.
   */
  List<Job> expireLeases(Instant now, int limit);

  /**
   * Gives every running lease at least its full TTL from {@code now}. A coordinator calls this when
   * it starts, so its own downtime does not count against workers that kept running their jobs.
   */
  int extendRunningLeases(Instant now);

  /**
   * Stores the progress (0-100) and status line a running attempt reported, replacing the last.
   * {@code STALE_LEASE} and no change unless it is the job's current running attempt, held by
   * {@code worker}. A new attempt starts without progress; a finished job keeps its last.
   */
  Fenced reportProgress(String jobId, int attempt, String worker, int percent, String text, Instant now);

  Optional<Job> findJob(String id);

  /** Jobs matching the query, newest first, one page. */
  JobPage listJobs(JobQuery query);

  /** Every attempt of a job, oldest first; empty when there is no such job. */
  List<Attempt> attempts(String jobId);

  /** A job's history, oldest first. */
  List<RecordedEvent> events(String jobId);

  /**
   * History of all jobs after {@code afterSeq}, oldest first, at most {@code limit} entries. Safe to
   * resume after the last entry returned: no entry with a smaller seq can appear later. To keep that
   * promise a driver may hold back committed entries while a smaller seq is still being written; they
   * come in a later call, within milliseconds.
   */
  List<RecordedEvent> eventsAfter(long afterSeq, int limit);

  /**
   * Output chunks of one attempt after {@code afterSeq}, in arrival order, stopping once
   * {@code maxBytes} is reached (at least one chunk is returned if any is there).
   */
  List<StoredChunk> readOutput(String jobId, int attempt, long afterSeq, int maxBytes);

  /** How many bytes of output one attempt has stored, both streams together; 0 when none. */
  long outputBytes(String jobId, int attempt);

  // ---- workers ---------------------------------------------------------------------------------

  /**
   * Records a worker starting. When it is the same worker ({@code workerId}) under a new
   * incarnation, the leases of its previous incarnation are lost at once (that process is gone),
   * and those jobs are returned after the lost-lease transition.
   *
   * @throws WorkerNameTakenException when another live worker (other {@code workerId}, seen within
   *     {@code liveWithin}) uses the name
   * @throws WorkerNameOwnedException when the registration names a token and the worker name was
   *     registered by another token that is not revoked
   */
  RegisterResult registerWorker(WorkerRegistration registration, java.time.Duration liveWithin);

  /**
   * Notes that a worker polled or heartbeated. Returns false when {@code incarnation} is not the
   * worker's current one (it was replaced by a newer start, or never registered).
   */
  boolean touchWorker(String name, String incarnation, boolean polled, boolean heartbeat, Instant now);

  /**
   * Stores the load a worker reported (CPU, free memory, whether that pauses it), replacing what it
   * reported before. Returns false and changes nothing when {@code incarnation} is not the worker's
   * current one. A new start ({@link #registerWorker}) clears it.
   */
  boolean recordWorkerLoad(String name, String incarnation, WorkerLoad load);

  /** Marks a worker draining (takes no new work) or stopped (said goodbye). */
  void markWorker(String name, String incarnation, boolean draining, boolean stopped, Instant now);

  /** How many jobs of a concurrency group run now. */
  int runningInGroup(String group);

  /** All known workers with their current running counts. */
  List<WorkerRecord> listWorkers();

  /** Ids of running jobs held by a worker whose cancel was requested. */
  List<LeaseRef> cancelledLeases(String worker);

  /** Ids of the jobs a worker runs now. */
  List<LeaseRef> runningLeases(String worker);

  // ---- tokens ----------------------------------------------------------------------------------

  /**
   * Records a new token.
   *
   * @throws TokenNameTakenException when a token that is not revoked has the name; nothing changes
   */
  void createToken(NewToken token);

  /** The token with this hash, revoked or not; empty when there is none. */
  Optional<TokenRecord> findToken(String hash);

  /** Every token, revoked ones too, oldest first. */
  List<TokenRecord> listTokens();

  /**
   * Revokes the token of this name that is not revoked yet. Returns false and changes nothing when
   * there is none. A revoked token stays listed (with its revoke time) and is never valid again.
   */
  boolean revokeToken(String name, Instant now);

  /** Notes that the token with this hash was used at {@code now}; nothing when there is no such token. */
  void touchToken(String hash, Instant now);

  // ---- statistics and retention ----------------------------------------------------------------

  /**
   * Counts jobs per state, the oldest queued job's submit time, the queued jobs not due yet at
   * {@code now}, and the largest groups of queued jobs by routing (target worker and required
   * labels). The figures are one consistent snapshot.
   *
   * <p>Cost: reads indexes only, never job rows. One pass over the queued jobs' entries of a
   * routing index (grouping streams in index order: no sort of the jobs, only of the groups), range
   * counts of the running and finished jobs on the state index (finished ones until
   * {@link #pruneFinished} removes them), and one index probe for the oldest. Measured on a 2-core
   * machine with a million queued jobs: SQLite 75 – 120 ms (on a read connection, so writes go on
   * meanwhile); PostgreSQL about 0.3 s, where the planner prefers a parallel scan of the table once
   * most jobs are queued. Call it every few seconds at most, not per request.
   */
  QueueStats queueStats(Instant now);

  /** The largest {@code batchSize} {@link #pruneFinished} accepts. */
  int MAX_PRUNE_BATCH = 10_000;

  /**
   * Deletes up to {@code batchSize} jobs that finished (succeeded, failed or were cancelled) before
   * {@code finishedBefore}, the earliest finished first, together with their attempts, output and
   * history, in one short transaction. Queued and running jobs are never deleted. A deleted job is
   * gone: reading it finds nothing, its history no longer appears in {@link #eventsAfter}, and its
   * idempotency key may be used again. Jobs that waited for it are not touched: they were released
   * or failed when it finished, and a new submit naming it as a dependency is refused.
   *
   * <p>Callers loop in small batches (hundreds) until fewer than {@code batchSize} come back, so a
   * write waits at most one batch; several coordinators may prune at once, each job goes once.
   *
   * @return how many jobs were deleted
   * @throws IllegalArgumentException when {@code batchSize} is outside 1..{@value #MAX_PRUNE_BATCH}
   */
  int pruneFinished(Instant finishedBefore, int batchSize);

  // ---- schedules -------------------------------------------------------------------------------

  /**
   * Stores a new schedule. Returns false and stores nothing when its name is already used.
   */
  boolean createSchedule(Schedule schedule);

  Optional<Schedule> findSchedule(String name);

  /** Every schedule, by name. */
  List<Schedule> listSchedules();

  /** Pauses a schedule: no tick fires until it is resumed. Empty when there is no such schedule. */
  Optional<Schedule> pauseSchedule(String name);

  /**
   * Resumes a schedule with {@code nextFireAt} as its next tick (ticks passed while it was paused
   * do not run). Empty when there is no such schedule.
   */
  Optional<Schedule> resumeSchedule(String name, Instant nextFireAt);

  /** Deletes a schedule; jobs it submitted stay. False when there was no such schedule. */
  boolean deleteSchedule(String name);

  /** Up to {@code limit} unpaused schedules whose next fire time is not after {@code now}, earliest first. */
  List<Schedule> dueSchedules(Instant now, int limit);

  /** The earliest next fire time of any unpaused schedule, so a coordinator can sleep until then. */
  Optional<Instant> nextScheduleFireAt();

  /**
   * Fires one tick: moves the schedule's next fire time from {@code fire.due()} to
   * {@code fire.next()} with a compare-and-set and, in the same transaction, submits the tick's job
   * (as {@link #submit} does). Several coordinators may fire the same schedule at once; exactly one
   * gets {@code FIRED} (or {@code SKIPPED}) for a tick, the others {@code MOVED_ON} with nothing
   * changed. A paused or deleted schedule is {@code MOVED_ON} too.
   */
  FireResult fireSchedule(ScheduleFire fire);

  // ---- files ---------------------------------------------------------------------------------

  /** The records of job files, and their chunks when the bytes are kept in the store. */
  JobFiles files();

  // ---- health ----------------------------------------------------------------------------------

  /** Throws {@link StoreException} when the store cannot answer a trivial query now. */
  void checkHealth();

  @Override
  void close();
}
