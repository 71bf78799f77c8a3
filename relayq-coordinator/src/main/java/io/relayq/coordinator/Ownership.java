package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.RecordedEvent;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.JobStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The per-resource half of access control; {@link AccessControl} checks the role a route needs,
 * this checks what a caller may touch once in:
 *
 * <ul>
 *   <li>a submit token sees, follows and cancels only the jobs it submitted. Another token's job is
 *       answered with the same 404 as a job that does not exist, so a submit token cannot even learn
 *       which ids exist;
 *   <li>a worker token acts only for the worker names it registered (the store records the token at
 *       hello, so this holds across coordinators sharing a database), and only on the leases those
 *       workers hold: anything else is a 403;
 *   <li>read and admin tokens see everything; admin tokens may also act as any worker.
 * </ul>
 *
 * Every job- or worker-scoped route asks here, so a new route has one place to call.
 */
final class Ownership {
  private static final int EVENT_STREAM_MEMORY = 10_000;

  private final JobStore store;
  private final WorkerDirectory directory;

  Ownership(JobStore store, WorkerDirectory directory) {
    this.store = store;
    this.directory = directory;
  }

  /**
   * The job, when the caller may see it.
   *
   * @throws ApiException 404 when there is no such job, or it is another token's and the caller
   *     sees only its own
   */
  Job job(Caller caller, String id) {
    return store.findJob(id).filter(j -> maySee(caller, j)).orElseThrow(() -> JobRoutes.noSuchJob(id));
  }

  /**
   * Refuses a job the caller may not see, with the 404 of a missing job; reads nothing for callers
   * that see every job.
   */
  void requireJobVisible(Caller caller, String id) {
    if (seesOnlyOwnJobs(caller)) {
      job(caller, id);
    }
  }

  /** True when the caller may see the job with this id; reads nothing for callers that see every job. */
  boolean maySee(Caller caller, String id) {
    return !seesOnlyOwnJobs(caller) || store.findJob(id).map(j -> maySee(caller, j)).orElse(false);
  }

  /** True when the caller may see this job. */
  boolean maySee(Caller caller, Job job) {
    return !seesOnlyOwnJobs(caller) || caller.tokenName().equals(job.submittedBy());
  }

  /** The submitter a job listing is limited to: the caller itself for a submit token, else null (all). */
  String listedSubmitter(Caller caller) {
    return seesOnlyOwnJobs(caller) ? caller.tokenName() : null;
  }

  /**
   * A filter for one event stream: which history entries the caller may see. It remembers the
   * jobs it looked up (up to a bound), so a stream asks the store once per job, not per event.
   */
  Predicate<RecordedEvent> eventFilter(Caller caller) {
    if (!seesOnlyOwnJobs(caller)) {
      return e -> true;
    }
    Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > EVENT_STREAM_MEMORY;
      }
    };
    return e -> seen.computeIfAbsent(e.jobId(),
        id -> store.findJob(id).map(j -> maySee(caller, j)).orElse(false));
  }

  /**
   * Refuses a worker token that did not register {@code worker}. An unknown worker passes: the route
   * answers that the worker must say hello first.
   *
   * @throws ApiException 403 when the worker was registered by another token
   */
  void requireWorker(Caller caller, String worker) {
    if (caller.role() != TokenRole.WORKER) {
      return;
    }
    Optional<WorkerDirectory.Owner> owner = directory.owner(worker, caller.tokenName());
    if (owner.isPresent() && !caller.tokenName().equals(owner.get().tokenName())) {
      throw new ApiException(403, "forbidden", "worker " + worker + " was not registered with the token '"
          + caller.tokenName() + "'; a worker token acts only for the workers it said hello for");
    }
  }

  /**
   * Refuses a worker token acting on a lease that is not held by one of its workers: output or a
   * result for another worker's job.
   *
   * @throws ApiException 403 when the job's worker was registered by another token, or the job was
   *     never leased
   */
  void requireLease(Caller caller, Job job) {
    if (caller.role() != TokenRole.WORKER) {
      return;
    }
    if (job.worker() == null) {
      throw new ApiException(403, "forbidden", "job " + job.id() + " is not leased to a worker of the token '"
          + caller.tokenName() + "'");
    }
    requireWorker(caller, job.worker());
  }

  private static boolean seesOnlyOwnJobs(Caller caller) {
    return caller.role() == TokenRole.SUBMIT;
  }
}
