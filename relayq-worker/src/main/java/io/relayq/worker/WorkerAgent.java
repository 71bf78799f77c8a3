package io.relayq.worker;

import io.relayq.client.Backoff;
import io.relayq.client.ConflictException;
import io.relayq.client.RelayqException;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.UnreachableException;
import io.relayq.client.UntrustedServerException;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.Labels;
import io.relayq.core.WorkerLoad;
import io.relayq.core.api.LeaseGrant;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.PollResponse;
import io.relayq.core.api.WorkerHello;
import io.relayq.core.api.WorkerWelcome;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker agent: registered with its coordinator, it polls for jobs and runs up to
 * {@link WorkerConfig#slots()} of them at once, renews their leases, obeys cancels, and reports how
 * each ended. Its loops run on virtual threads; the agent lives until {@link #drain(Duration)} or
 * {@link #close()}, or until a newer start of the same worker supersedes it.
 *
 * <p>Output and results not yet delivered go to a disk spool under the state directory
 * ({@link WorkerSpool}): a result is forced to disk before the worker counts it as recorded, and a
 * start delivers what earlier runs of the same worker left there before it says hello.
 */
public final class WorkerAgent implements AutoCloseable {
  /** How long stopping waits for results still being delivered to a coordinator that answers. */
  static final Duration REPORT_GRACE = Duration.ofSeconds(10);
  /**
   * The same wait while the coordinator does not answer: the results are in the spool on disk, so
   * stopping need not hold on to them; the next start delivers them.
   */
  static final Duration SPOOLED_REPORT_GRACE = Duration.ofSeconds(1);
  /** How long stopping waits for interrupted job threads to leave their results in the spool. */
  private static final Duration RUNNER_STOP_WAIT = Duration.ofSeconds(5);
  static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  /** Beyond its wait, how long an open poll for work may take to come back when the agent stops. */
  static final Duration POLL_CLOSE_MARGIN = Duration.ofSeconds(5);
  /**
   * How long a poll that gets no answer may hang before the client gives up: the coordinator holds
   * a poll up to its wait, and the client allows 10 s on top; a new hello may take 30 s.
   */
  private static final Duration POLL_HANG_MARGIN = Duration.ofSeconds(10);
  private static final Duration HELLO_HANG = Duration.ofSeconds(30);
  /** The longest pause between retries ({@link Backoff#DEFAULT_MAX}) plus slack for a busy machine. */
  private static final Duration RETRY_SLACK = Backoff.DEFAULT_MAX.plusSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(WorkerAgent.class);
  private static final RunningAttempt RELEASED_UNSTARTED = RunningAttempt.completed(
      AttemptResult.killed(KillReason.RELEASE, "released unstarted: the worker is draining"));

  private final WorkerConfig config;
  private final WorkerIdentity identity;
  private final List<String> labels;
  private final WorkerProtocolClient client;
  private final JobExecutor executor;
  private final HeldLeases leases = new HeldLeases();
  private final WorkerSpool spool;
  private final Reachability reachability;
  private final AttemptRunner runner;
  private final PollLoop pollLoop;
  private final HeartbeatLoop heartbeatLoop;
  private final LoadMonitor loadMonitor;
  private final ProgressWatcher progress;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Thread> loops = new ArrayList<>();
  private final InstantSource clock = InstantSource.system();
  private volatile boolean draining;
  private volatile String failure;
  private volatile boolean registered = true;
  private volatile Instant lastPollReturnedAt = clock.instant();
  private volatile Instant lastHeartbeatOkAt;

  private WorkerAgent(WorkerConfig config, WorkerIdentity identity, List<String> labels, WorkerProtocolClient client,
      JobExecutor executor, WorkerWelcome welcome, WorkerSpool spool, Reachability reachability,
      ResultReporter reporter, LoadMonitor loadMonitor) {
    this.config = config;
    this.loadMonitor = loadMonitor;
    this.identity = identity;
    this.labels = labels;
    this.client = client;
    this.executor = executor;
    this.spool = spool;
    this.reachability = reachability;
    this.pollLoop = new PollLoop(this, client, reachability, config.pollWait());
    this.heartbeatLoop = new HeartbeatLoop(this, client, leases, reachability, heartbeatInterval(welcome));
    this.progress = new ProgressWatcher(leases, config.jobsDir(), heartbeatLoop::beatSoon);
    this.runner = new AttemptRunner(leases, reporter, spool, pollLoop::wake,
        new AttemptFiles(client, config.name(), config.jobsDir()));
  }

  /** Starts an agent that runs jobs as real processes ({@link ProcessJobExecutor}). */
  public static WorkerAgent start(WorkerConfig config) {
    return start(config, ProcessJobExecutor.of(config));
  }

  /**
   * Delivers what earlier runs of this worker left in their spools, then registers with the
   * coordinator (hello) and starts polling.
   *
   * @throws IllegalStateException when another live worker uses the name
   * @throws io.relayq.client.UnreachableException when the coordinator does not answer within
   *     {@link WorkerConfig#startWait()} (the message says how to start it); what earlier runs
   *     spooled stays for the next start
   * @throws java.io.UncheckedIOException when the identity file or the spool cannot be read or
   *     written
   */
  public static WorkerAgent start(WorkerConfig config, JobExecutor executor) {
    WorkerIdentity identity = WorkerIdentity.load(config.stateDir(), config.name());
    List<String> labels = new ArrayList<>(config.labels());
    if (config.detectLabels()) {
      labels.addAll(LabelDetector.detect());
    }
    List<String> normalized = Labels.normalize(labels);
    WorkerProtocolClient client = WorkerProtocolClient.builder(config.servers()).token(config.token())
        .sslContext(config.tls()).build();
    Reachability reachability = new Reachability(client::server);
    ResultReporter reporter = new ResultReporter(client, reachability);
    WorkerSpool spool = null;
    WorkerWelcome welcome;
    // the agent is not built yet: the listener reaches it through this holder once it is
    AtomicReference<WorkerAgent> built = new AtomicReference<>();
    LoadMonitor loadMonitor = new LoadMonitor(config.load(), () -> {
      WorkerAgent a = built.get();
      if (a != null) {
        a.loadPauseChanged();
      }
    });
    SpoolRecovery.Recovered recovered;
    try {
      spool = WorkerSpool.create(config.stateDir(), config.name(), identity.incarnation(), config.spoolMaxBytes());
      Backoff backoff = Backoff.standard();
      long giveUpAt = System.nanoTime() + config.startWait().toNanos();
      while (true) {
        try {
          recovered = SpoolRecovery.deliver(config.stateDir(), config.name(), reporter, config.killGrace());
          welcome = client.hello(config.name(), hello(identity, normalized, config.slots(), loadMonitor.current()));
          break;
        } catch (UntrustedServerException e) {
          // waiting does not make a certificate trusted: the worker's settings must change
          throw e;
        } catch (UnreachableException | ServerUnavailableException e) {
          if (System.nanoTime() - giveUpAt >= 0) {
            throw e;
          }
          if (!reachability.isDown()) {
            log.warn("{}; worker {} keeps trying for up to {} s (it may be restarting)", e.getMessage(), config.name(),
                config.startWait().toSeconds());
          }
          reachability.down();
          pauseUninterruptibly(backoff);
        }
      }
    } catch (ConflictException e) {
      closeQuietly(client, spool);
      throw new IllegalStateException(nameTakenMessage(config.name(), client.server(), e), e);
    } catch (RuntimeException e) {
      closeQuietly(client, spool);
      throw e;
    }
    WorkerAgent agent = new WorkerAgent(config, identity, normalized, client, executor, welcome, spool, reachability,
        reporter, loadMonitor);
    built.set(agent);
    agent.startLoops();
    log.info("worker {} connected to {}: {} slots, labels {}{}{}{}", config.name(), client.server()
        + (config.servers().size() > 1 ? " (fails over to the others of " + client.servers() + ")" : ""), config.slots(),
        normalized, welcome.releasedJobs() > 0
            ? "; " + welcome.releasedJobs() + " jobs of its previous run were released" : "",
        recovered.accepted() + recovered.refused() > 0
            ? "; delivered " + recovered.accepted() + " results an earlier run spooled (" + recovered.refused()
              + " refused as stale)" : "",
        recovered.killedGroups() > 0
            ? "; killed " + recovered.killedGroups() + " jobs an earlier run left running" : "");
    return agent;
  }

  private static void pauseUninterruptibly(Backoff backoff) {
    try {
      backoff.pause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the coordinator");
    }
  }

  private static void closeQuietly(WorkerProtocolClient client, WorkerSpool spool) {
    client.close();
    if (spool != null) {
      spool.close();
    }
  }

  private static WorkerHello hello(WorkerIdentity identity, List<String> labels, int slots, WorkerLoad load) {
    return new WorkerHello(identity.workerId(), identity.incarnation(), labels, slots, version(), hostName(), load);
  }

  private static String nameTakenMessage(String name, String server, ConflictException e) {
    if (e.isWorkerNameTaken()) {
      return "worker name '" + name + "' is taken by another running worker at " + server
          + ": give this one another name (--name), or stop the other one first (" + e.getMessage() + ")";
    }
    return "the coordinator at " + server + " refused worker '" + name + "': " + e.getMessage();
  }

  private void startLoops() {
    loops.add(Thread.ofVirtual().name("relayq-poll").start(pollLoop));
    loops.add(Thread.ofVirtual().name("relayq-heartbeat").start(heartbeatLoop));
    loops.add(Thread.ofVirtual().name("relayq-load").start(loadMonitor));
    loops.add(Thread.ofVirtual().name("relayq-progress").start(progress));
  }

  /** The worker name the coordinator knows this agent by. */
  public String name() {
    return config.name();
  }

  /** The labels advertised: given plus detected, sorted. */
  public List<String> labels() {
    return labels;
  }

  /** How many jobs run a process now. */
  public int runningJobs() {
    return leases.running();
  }

  /**
   * A snapshot of the agent's health: whether it is registered, when its poll loop last came round
   * and its last heartbeat was answered, whether it drains, how many jobs run. Cheap; call it as
   * often as a watchdog needs.
   */
  public WorkerHealth health() {
    return new WorkerHealth(registered && stopped.getCount() > 0, lastPollReturnedAt, lastHeartbeatOkAt, draining,
        leases.running());
  }

  /**
   * The longest a working poll loop goes without coming round: a poll the coordinator holds for
   * {@link WorkerConfig#pollWait()}, or a hello, that then hangs until the client gives up, plus
   * the longest retry pause. A loop silent for longer is stuck.
   */
  public Duration pollStallLimit() {
    Duration longestCall = config.pollWait().plus(POLL_HANG_MARGIN);
    return (longestCall.compareTo(HELLO_HANG) > 0 ? longestCall : HELLO_HANG).plus(RETRY_SLACK);
  }

  /** Why the agent stopped by itself (superseded by a newer start), if it did. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Stops gracefully: takes no more work and tells the coordinator so, lets running jobs finish for
   * up to {@code timeout}, then kills the rest and reports them {@code released} (they run again
   * elsewhere). Jobs that a poll still open brings are released unstarted; the open poll ends when
   * the coordinator answers it (at most {@link WorkerConfig#pollWait()} later). Then delivers pending
   * results (for up to 10 s more), says goodbye and returns. A second call waits for the first.
   */
  public void drain(Duration timeout) {
    if (!stopRequested.compareAndSet(false, true)) {
      awaitStoppedUninterruptibly();
      return;
    }
    shutdown(timeout, KillReason.RELEASE, true);
  }

  /** Kills running jobs at once, reports them {@code released}, says goodbye: {@code drain(Duration.ZERO)}. */
  @Override
  public void close() {
    drain(Duration.ZERO);
  }

  /** Blocks until the agent has stopped (drained, closed or superseded). */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  // ---- called by the loops -------------------------------------------------------------------

  void pollReturned() {
    lastPollReturnedAt = clock.instant();
  }

  void heartbeatAnswered() {
    lastHeartbeatOkAt = clock.instant();
  }

  /** The coordinator answered 404: this worker must say hello again before it counts as registered. */
  void forgotten() {
    registered = false;
  }

  String incarnation() {
    return identity.incarnation();
  }

  /** Slots a poll may ask jobs for: none once draining, or while the machine is above its load limits. */
  int freeSlots() {
    return draining || loadMonitor.paused() ? 0 : Math.max(0, config.slots() - leases.running());
  }

  /** What running jobs reported as their progress, for heartbeats. */
  ProgressWatcher progress() {
    return progress;
  }

  /** The machine's load as last sampled, for heartbeats. */
  WorkerLoad load() {
    return loadMonitor.current();
  }

  /** The load went over or back under the limits: ask for jobs accordingly, and tell the coordinator now. */
  private void loadPauseChanged() {
    pollLoop.wake();
    heartbeatLoop.beatSoon();
  }

  void handle(PollResponse response) {
    if (response.cancel() != null) {
      response.cancel().forEach(this::cancel);
    }
    if (response.jobs() != null) {
      response.jobs().forEach(this::begin);
    }
  }

  /** Runs a new lease on its own thread; while draining it is released unstarted. */
  private void begin(LeaseGrant lease) {
    ActiveAttempt attempt = new ActiveAttempt(lease, System.nanoTime());
    OutputSender output = new OutputSender(client, lease.ref(), spool.output(), reachability,
        () -> fence(attempt, "the coordinator refused its output"));
    JobExecutor chosen = draining ? (l, o) -> RELEASED_UNSTARTED : executor;
    leases.add(attempt);
    heartbeatLoop.wake();
    Thread t = Thread.ofVirtual().name("relayq-job-" + lease.jobId()).unstarted(() -> runner.run(attempt, chosen, output));
    attempt.runner(t);
    t.start();
  }

  void cancel(LeaseRef ref) {
    ActiveAttempt a = leases.get(ref);
    if (a != null && a.kill(KillReason.CANCEL)) {
      log.info("job {} attempt {} was cancelled: killing its process group", ref.jobId(), ref.attempt());
    }
  }

  void fence(ActiveAttempt a, String why) {
    if (a.kill(KillReason.FENCE)) {
      log.warn("job {} attempt {}: {}; killing its process group so the job cannot run twice",
          a.ref().jobId(), a.ref().attempt(), why);
    }
  }

  /** Registers again after the coordinator forgot this worker; same identity, same incarnation. */
  synchronized void helloAgain() {
    WorkerWelcome welcome = client.hello(config.name(), hello(identity, labels, config.slots(), loadMonitor.current()));
    heartbeatLoop.interval(heartbeatInterval(welcome));
    registered = true;
    log.info("worker {} registered again with {}", config.name(), client.server());
  }

  /** A refusal the agent cannot go on after: superseded by a newer start, or the name was taken. */
  void stopOnConflict(ConflictException e) {
    String why = e.isSuperseded()
        ? "a newer start of worker '" + config.name() + "' took over (" + e.getMessage() + "); this one stops"
          + " and kills its jobs, whose leases already went back to the coordinator"
        : nameTakenMessage(config.name(), client.server(), e);
    if (stopRequested.compareAndSet(false, true)) {
      failure = why;
      log.error(why);
      Thread.ofVirtual().name("relayq-stop").start(() -> shutdown(Duration.ZERO, KillReason.FENCE, false));
    }
  }

  // ---- stopping ------------------------------------------------------------------------------

  private void shutdown(Duration wait, KillReason reason, boolean sayGoodbye) {
    draining = true;
    pollLoop.wake();
    try {
      if (sayGoodbye) {
        goodbye(true);
      }
      if (!leases.awaitNoProcesses(wait)) {
        List<ActiveAttempt> running = leases.all();
        log.info("stopping: killing {} running jobs ({})", leases.running(), reason.name().toLowerCase(java.util.Locale.ROOT));
        running.forEach(a -> a.kill(reason));
      }
      leases.awaitNoProcesses(config.killGrace().plus(JobProcess.KILL_WAIT).plusSeconds(1));
      Duration pollLimit = config.pollWait().plus(POLL_CLOSE_MARGIN);
      if (sayGoodbye && !pollLoop.awaitNoJobRequest(pollLimit)) {
        log.warn("a poll for work was still open after {} ms; jobs leased to it go back to the queue when"
            + " their leases expire", pollLimit.toMillis());
      }
      if (!leases.awaitEmpty(reachability.isDown() ? SPOOLED_REPORT_GRACE : REPORT_GRACE)) {
        log.warn("stopping with {} results not delivered: the coordinator {} does not take them; they stay in the"
            + " spool {} and the next start of worker {} delivers them", leases.size(), client.server(), spool.dir(),
            config.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pollLoop.stop();
      heartbeatLoop.stop();
      loadMonitor.stop();
      progress.stop();
      leases.all().forEach(ActiveAttempt::interruptRunner);
      awaitRunnersQuietly();
      joinLoops();
      if (sayGoodbye) {
        goodbye(false);
      }
      client.close();
      spool.close();
      stopped.countDown();
      log.info("worker {} stopped", config.name());
    }
  }

  /** Interrupted runners leave their results in the spool; the spool closes only after they did. */
  private void awaitRunnersQuietly() {
    try {
      if (!leases.awaitEmpty(RUNNER_STOP_WAIT)) {
        log.warn("{} jobs' threads did not stop within {} ms", leases.size(), RUNNER_STOP_WAIT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void goodbye(boolean stillDraining) {
    try {
      client.goodbye(config.name(), identity.incarnation(), stillDraining);
    } catch (RelayqException e) {
      log.warn("could not tell the coordinator that worker {} {}: {}", config.name(),
          stillDraining ? "is draining" : "stopped", e.getMessage());
    }
  }

  private void joinLoops() {
    for (Thread t : loops) {
      try {
        if (!t.join(Duration.ofSeconds(5))) {
          log.warn("{} did not stop within 5 s", t.getName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitStoppedUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        stopped.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration heartbeatInterval(WorkerWelcome welcome) {
    Duration d = welcome.heartbeatInterval();
    return d == null || d.isZero() || d.isNegative() ? DEFAULT_HEARTBEAT_INTERVAL : d;
  }

  private static String version() {
    String v = WorkerAgent.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
