package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.Durations;
import io.relayq.core.JobState;
import io.relayq.core.WorkerRecord;
import io.relayq.store.JobStore;
import io.relayq.store.QueueStats;
import io.relayq.store.StoreException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /diagnosis[?olderThan=30s]}: checks the store, lists the workers, and for every queued
 * job submitted at least {@code olderThan} ago says why it does not run, with the same
 * {@link WaitingReason} as {@code GET /jobs/{id}}. The problems it names:
 *
 * <ul>
 *   <li>the store does not answer;
 *   <li>no worker is online;
 *   <li>jobs past the threshold that no online worker can run (grouped by reason);
 *   <li>jobs past the threshold that a worker with a free slot could run but has not taken: the
 *       "worker runs but never dequeues" case.
 * </ul>
 *
 * Jobs scheduled for later, waiting for a busy worker, for a place in a full concurrency group or for
 * a preferred worker (until the preference ends) are listed with that reason but are not problems.
 * It reads the store afresh on each call (a queue scan, see {@link QueueScan}), so it is meant for
 * people and {@code relayq doctor}, not for tight loops.
 */
final class DiagnosisRoutes {
  static final Duration DEFAULT_OLDER_THAN = Duration.ofSeconds(30);
  private static final Duration MAX_OLDER_THAN = Duration.ofDays(30);
  /** Problem lines about jobs name at most this many reasons; the rest are summed in one line. */
  private static final int MAX_JOB_PROBLEMS = 10;
  private static final int MAX_COMMAND = 60;

  private final JobStore store;
  private final InstantSource clock;
  private final QueueScan scan;
  private final Duration offlineAfter;
  private final Supplier<URI> serverUrl;
  private final Ownership ownership;

  DiagnosisRoutes(JobStore store, InstantSource clock, QueueScan scan, Duration offlineAfter, Supplier<URI> serverUrl,
      Ownership ownership) {
    this.store = store;
    this.clock = clock;
    this.scan = scan;
    this.offlineAfter = offlineAfter;
    this.serverUrl = serverUrl;
    this.ownership = ownership;
  }

  void register(RoutesConfig routes) {
    routes.get(Api.V1 + "/diagnosis", this::diagnose, Access.READ);
  }

  private void diagnose(Context ctx) {
    QueryParams q = QueryParams.of(ctx, Set.of("olderThan"));
    Duration olderThan = olderThan(q.string("olderThan"));
    Caller caller = Caller.of(ctx);
    ctx.json(diagnose(olderThan, id -> ownership.maySee(caller, id)));
  }

  /** The diagnosis; jobs {@code visible} refuses are counted but neither listed nor named. */
  Diagnosis diagnose(Duration olderThan, Predicate<String> visible) {
    Instant now = clock.instant();
    long start = System.nanoTime();
    try {
      store.checkHealth();
    } catch (StoreException e) {
      return new Diagnosis(false, now, olderThan,
          new Diagnosis.StoreCheck(false, elapsedMs(start), e.getMessage()), new Diagnosis.Workers(0, 0, 0, List.of()),
          null, List.of(), List.of("the store does not answer (" + e.getMessage() + "): nothing can be submitted or"
              + " run until it does; check the disk or the database the coordinator uses"));
    }
    Diagnosis.StoreCheck storeCheck = new Diagnosis.StoreCheck(true, elapsedMs(start), null);
    List<WorkerRecord> workers = store.listWorkers();
    QueueStats stats = store.queueStats(now);
    QueueScan.Summary summary = scan.scan(workers, now, olderThan);
    Diagnosis.Workers workerFacts = workers(workers, now);
    List<QueuedJob> older = summary.older().stream().filter(j -> visible.test(j.id())).toList();
    List<Diagnosis.WaitingJob> waiting = older.stream().map(j -> waitingJob(j, now, olderThan)).toList();

    List<String> problems = new ArrayList<>();
    if (workerFacts.online() == 0) {
      problems.add("no worker is online, so no job can run: start one with relayq worker --server "
          + serverUrl.get() + (workers.isEmpty() ? "" : " (" + workers.size() + " known, all offline)"));
    }
    problems.addAll(jobProblems(older, workers, now, olderThan));
    Diagnosis.Queue queue = new Diagnosis.Queue(stats.count(JobState.QUEUED), stats.count(JobState.RUNNING),
        stats.scheduled(), summary.unrunnable(), summary.olderCount(), summary.truncated());
    return new Diagnosis(problems.isEmpty(), now, olderThan, storeCheck, workerFacts, queue, waiting,
        List.copyOf(problems));
  }

  private Diagnosis.Workers workers(List<WorkerRecord> workers, Instant now) {
    List<Diagnosis.WorkerLine> lines = new ArrayList<>();
    int online = 0;
    int draining = 0;
    for (WorkerRecord w : workers) {
      String status = !w.isOnline(now, offlineAfter) ? "offline" : w.draining() ? "draining" : "online";
      if (status.equals("online")) {
        online++;
      } else if (status.equals("draining")) {
        draining++;
      }
      lines.add(new Diagnosis.WorkerLine(w.name(), status, w.labels(), w.slots(), w.running(), w.lastPollAt(),
          w.lastHeartbeatAt(), w.lastSeen(), w.version(), w.host(), status.equals("offline") ? null : w.paused()));
    }
    lines.sort(Comparator.comparing((Diagnosis.WorkerLine l) -> !l.status().equals("online"))
        .thenComparing(Diagnosis.WorkerLine::name));
    return new Diagnosis.Workers(online, draining, workers.size() - online - draining, List.copyOf(lines));
  }

  private static Diagnosis.WaitingJob waitingJob(QueuedJob j, Instant now, Duration olderThan) {
    return new Diagnosis.WaitingJob(j.id(), j.command(), j.createdAt(), seconds(j.age(now)),
        seconds(j.waitingFor(now)), j.waiting().kind().wireName(), j.waiting().text(), isProblem(j, now, olderThan));
  }

  /**
   * No online worker can run it; or one could (or could, were it not above its load limits) and has
   * not taken it for the whole threshold since its start time came (a retry re-queued a moment ago
   * is not late, however old the job).
   */
  private static boolean isProblem(QueuedJob j, Instant now, Duration olderThan) {
    Waiting.Kind kind = j.waiting().kind();
    boolean slowToStart = kind == Waiting.Kind.READY || kind == Waiting.Kind.ALL_PAUSED
        || kind == Waiting.Kind.TARGET_PAUSED;
    return kind.blocked() || slowToStart && j.waitingFor(now).compareTo(olderThan) >= 0;
  }

  /** One line per reason, oldest job named, so a thousand stuck jobs make one readable line. */
  private List<String> jobProblems(List<QueuedJob> older, List<WorkerRecord> workers, Instant now,
      Duration olderThan) {
    Map<String, List<QueuedJob>> byReason = new LinkedHashMap<>();
    for (QueuedJob j : older) {
      if (isProblem(j, now, olderThan)) {
        byReason.computeIfAbsent(j.waiting().text(), r -> new ArrayList<>()).add(j);
      }
    }
    List<String> out = new ArrayList<>();
    int skipped = 0;
    for (var e : byReason.entrySet()) {
      if (out.size() == MAX_JOB_PROBLEMS) {
        skipped += e.getValue().size();
        continue;
      }
      List<QueuedJob> jobs = e.getValue();
      QueuedJob oldest = jobs.get(0);
      String who = jobs.size() == 1
          ? "job " + oldest.id() + " (" + shorten(oldest.command()) + ") has been queued for "
          : jobs.size() + " jobs have been queued for up to ";
      String why = oldest.waiting().kind() == Waiting.Kind.READY
          ? "a matching worker has a free slot but has not taken it (" + pollFacts(oldest, workers, now)
              + "): is that worker still polling? check its log"
          : e.getKey();
      out.add(who + WaitingReason.roughly(seconds(oldest.age(now))) + ": " + why);
    }
    if (skipped > 0) {
      out.add(skipped + " more jobs wait for other reasons; see the waiting list");
    }
    return out;
  }

  /** When the workers that could take the job last polled: a silent poll loop shows here. */
  private String pollFacts(QueuedJob job, List<WorkerRecord> workers, Instant now) {
    List<String> facts = workers.stream()
        .filter(w -> w.isOnline(now, offlineAfter) && !w.draining() && w.running() < w.slots() && w.matches(job.spec()))
        .limit(3)
        .map(w -> w.name() + " last polled " + (w.lastPollAt() == null ? "never"
            : WaitingReason.roughly(Duration.between(w.lastPollAt(), now)) + " ago"))
        .toList();
    return facts.isEmpty() ? "no poll seen" : String.join(", ", facts);
  }

  private static Duration olderThan(String text) {
    if (text == null) {
      return DEFAULT_OLDER_THAN;
    }
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidQuery("olderThan: " + e.getMessage());
    }
    if (d.compareTo(MAX_OLDER_THAN) > 0) {
      throw ApiException.invalidQuery("olderThan: " + text + " is longer than " + Durations.format(MAX_OLDER_THAN));
    }
    return d;
  }

  private static Duration seconds(Duration d) {
    return Duration.ofSeconds(d.toSeconds());
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String shorten(String command) {
    return command.length() <= MAX_COMMAND ? command : command.substring(0, MAX_COMMAND - 1) + "…";
  }
}
