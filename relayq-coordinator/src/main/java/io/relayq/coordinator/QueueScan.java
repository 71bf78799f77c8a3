package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.JobSpec;
import io.relayq.core.JobState;
import io.relayq.core.WorkerRecord;
import io.relayq.store.JobPage;
import io.relayq.store.JobQuery;
import io.relayq.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the queued jobs page by page to name the ones that matter one by one: those no online
 * worker can run (for the dashboard and the {@code job.stuck} alert) and those older than a
 * threshold (for {@code relayq doctor}), each with its {@link Waiting} reason. Counts come from
 * {@link JobStore#queueStats}, which is exact and cheap; this scan is for the names.
 *
 * <p>Known limit: the store lists jobs newest first, so one scan reads at most
 * {@link #MAX_SCANNED} jobs and says so ({@link Summary#truncated()}); beyond that the oldest jobs
 * are not seen. A store query listing queued jobs oldest first would lift it.
 */
final class QueueScan {
  static final int MAX_SCANNED = 10_000;
  /** The most jobs a summary lists (the longest-waiting ones); counts cover every scanned job. */
  static final int MAX_LISTED = 200;
  private static final int PAGE = JobQuery.MAX_LIMIT;

  /**
   * What one scan found.
   *
   * @param scanned queued jobs read (all of them unless truncated)
   * @param unrunnable those whose start time has come that no online worker can run
   * @param blocked the longest-waiting of those, longest first
   * @param older the jobs submitted before the scan's threshold, oldest first
   * @param olderCount how many scanned jobs were submitted before the threshold
   */
  record Summary(int scanned, int unrunnable, List<QueuedJob> blocked, List<QueuedJob> older, int olderCount,
      boolean truncated) {

    static Summary empty() {
      return new Summary(0, 0, List.of(), List.of(), 0, false);
    }
  }

  private final JobStore store;
  private final WaitingReason waitingReason;

  QueueScan(JobStore store, WaitingReason waitingReason) {
    this.store = store;
    this.waitingReason = waitingReason;
  }

  /**
   * Scans the queue as of {@code now} against {@code workers}.
   *
   * @param olderThan list jobs submitted at least this long ago in {@link Summary#older()}; null
   *     to list none
   */
  Summary scan(List<WorkerRecord> workers, Instant now, Duration olderThan) {
    Instant submittedBefore = olderThan == null ? null : now.minus(olderThan);
    Map<String, Waiting> byRouting = new HashMap<>();
    Map<String, Integer> groupCounts = new HashMap<>();
    Deque<QueuedJob> blocked = new ArrayDeque<>();
    Deque<QueuedJob> older = new ArrayDeque<>();
    int scanned = 0;
    int unrunnable = 0;
    int olderCount = 0;
    String cursor = null;
    boolean truncated = false;
    do {
      JobPage page = store.listJobs(new JobQuery(JobState.QUEUED, null, null, PAGE, cursor));
      for (Job job : page.jobs()) {
        scanned++;
        boolean waitsForTime = job.runAt() != null && job.runAt().isAfter(now);
        // The reason depends only on the routing once the start time has come, unless the job also
        // waits for other jobs, a group or a preferred worker: work it out once per routing.
        Waiting waiting = waitsForTime || hasHolds(job.spec())
            ? waitingReason.diagnose(job, QueueHolds.of(store, job, groupCounts), workers, now)
            : byRouting.computeIfAbsent(requirement(job.spec()), r -> waitingReason.routing(job.spec(), workers, now));
        if (!waitsForTime && waiting.kind().blocked()) {
          unrunnable++;
          // Pages come newest first, so the last ones kept are the longest-waiting.
          keepLast(blocked, QueuedJob.of(job, waiting));
        }
        if (submittedBefore != null && !job.createdAt().isAfter(submittedBefore)) {
          olderCount++;
          keepLast(older, QueuedJob.of(job, waiting));
        }
      }
      cursor = page.nextCursor();
      if (cursor != null && scanned >= MAX_SCANNED) {
        truncated = true;
        cursor = null;
      }
    } while (cursor != null);
    List<QueuedJob> longestFirst = new ArrayList<>(blocked);
    longestFirst.sort((a, b) -> b.waitingFor(now).compareTo(a.waitingFor(now)));
    List<QueuedJob> oldestFirst = new ArrayList<>(older);
    Collections.reverse(oldestFirst);
    return new Summary(scanned, unrunnable, List.copyOf(longestFirst), List.copyOf(oldestFirst), olderCount, truncated);
  }

  /**
   * A routing requirement as one label value: {@code any}, {@code labels=gpu,os:linux},
   * {@code worker=rpi4}, or both joined by a space.
   */
  static String requirement(String worker, List<String> labels) {
    String l = labels.isEmpty() ? null : "labels=" + String.join(",", labels);
    String w = worker == null ? null : "worker=" + worker;
    if (l == null && w == null) {
      return "any";
    }
    return w == null ? l : l == null ? w : w + " " + l;
  }

  static String requirement(JobSpec spec) {
    return requirement(spec.worker(), spec.labels());
  }

  private static boolean hasHolds(JobSpec spec) {
    return !spec.after().isEmpty() || spec.group() != null || spec.hasPreference();
  }

  private static void keepLast(Deque<QueuedJob> kept, QueuedJob job) {
    kept.addLast(job);
    if (kept.size() > MAX_LISTED) {
      kept.removeFirst();
    }
  }
}
