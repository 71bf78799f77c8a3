package io.relayq.worker;

import io.relayq.client.ConflictException;
import io.relayq.client.RelayqException;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.Labels;
import io.relayq.core.api.LeaseGrant;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.PollResponse;
import io.relayq.core.api.WorkerHello;
import io.relayq.core.api.WorkerWelcome;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker agent: registered with its coordinator, it polls for jobs and runs up to
 * {@link WorkerConfig#slots()} of them at once, renews their leases, obeys cancels, and reports how
 * each ended. Its loops run on virtual threads; the agent lives until {@link #drain(Duration)} or
 * {@link #close()}, or until a newer start of the same worker supersedes it.
 *
 * <p>Known limit: output and results not yet delivered are kept in memory only.
 */
public final class WorkerAgent implements AutoCloseable {
  /** How long stopping waits for results still being delivered to a coordinator that does not answer. */
  static final Duration REPORT_GRACE = Duration.ofSeconds(10);
  static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  /** Beyond its wait, how long an open poll for work may take to come back when the agent stops. */
  static final Duration POLL_CLOSE_MARGIN = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(WorkerAgent.class);
  private static final RunningAttempt RELEASED_UNSTARTED = RunningAttempt.completed(
      AttemptResult.killed(KillReason.RELEASE, "released unstarted: the worker is draining"));

  private final WorkerConfig config;
  private final WorkerIdentity identity;
  private final List<String> labels;
  private final WorkerProtocolClient client;
  private final JobExecutor executor;
  private final HeldLeases leases = new HeldLeases();
  private final Reachability reachability;
  private final AttemptRunner runner;
  private final PollLoop pollLoop;
  private final HeartbeatLoop heartbeatLoop;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Thread> loops = new ArrayList<>();
  private volatile boolean draining;
  private volatile String failure;

  private WorkerAgent(WorkerConfig config, WorkerIdentity identity, List<String> labels, WorkerProtocolClient client,
      JobExecutor executor, WorkerWelcome welcome) {
    this.config = config;
    this.identity = identity;
    this.labels = labels;
    this.client = client;
    this.executor = executor;
    this.reachability = new Reachability(client.server());
    this.pollLoop = new PollLoop(this, client, reachability, config.pollWait());
    this.heartbeatLoop = new HeartbeatLoop(this, client, leases, reachability, heartbeatInterval(welcome));
    this.runner = new AttemptRunner(leases, new ResultReporter(client, reachability), pollLoop::wake);
  }

  /** Starts an agent that runs jobs as real processes ({@link ProcessJobExecutor}). */
  public static WorkerAgent start(WorkerConfig config) {
    return start(config, ProcessJobExecutor.of(config));
  }

  /**
   * Registers with the coordinator (hello) and starts polling.
   *
   * @throws IllegalStateException when another live worker uses the name
   * @throws io.relayq.client.UnreachableException when the coordinator does not answer (the message
   *     says how to start it)
   * @throws java.io.UncheckedIOException when the identity file cannot be read or written
   */
  public static WorkerAgent start(WorkerConfig config, JobExecutor executor) {
    WorkerIdentity identity = WorkerIdentity.load(config.stateDir(), config.name());
    List<String> labels = new ArrayList<>(config.labels());
    if (config.detectLabels()) {
      labels.addAll(LabelDetector.detect());
    }
    List<String> normalized = Labels.normalize(labels);
    WorkerProtocolClient client = WorkerProtocolClient.connect(config.server());
    WorkerWelcome welcome;
    try {
      welcome = client.hello(config.name(), hello(identity, normalized, config.slots()));
    } catch (ConflictException e) {
      client.close();
      throw new IllegalStateException(nameTakenMessage(config.name(), client.server(), e), e);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    WorkerAgent agent = new WorkerAgent(config, identity, normalized, client, executor, welcome);
    agent.startLoops();
    log.info("worker {} connected to {}: {} slots, labels {}{}", config.name(), client.server(), config.slots(),
        normalized, welcome.releasedJobs() > 0
            ? "; " + welcome.releasedJobs() + " jobs of its previous run were released" : "");
    return agent;
  }

  private static WorkerHello hello(WorkerIdentity identity, List<String> labels, int slots) {
    return new WorkerHello(identity.workerId(), identity.incarnation(), labels, slots, version(), hostName());
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

  String incarnation() {
    return identity.incarnation();
  }

  /** Slots a poll may ask jobs for: none once draining. */
  int freeSlots() {
    return draining ? 0 : Math.max(0, config.slots() - leases.running());
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
    OutputSender output = new OutputSender(client, lease.ref(), reachability,
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
    WorkerWelcome welcome = client.hello(config.name(), hello(identity, labels, config.slots()));
    heartbeatLoop.interval(heartbeatInterval(welcome));
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
      if (!leases.awaitEmpty(REPORT_GRACE)) {
        log.warn("stopping with {} results not delivered: the coordinator {} does not take them", leases.size(),
            client.server());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pollLoop.stop();
      heartbeatLoop.stop();
      leases.all().forEach(ActiveAttempt::interruptRunner);
      joinLoops();
      if (sayGoodbye) {
        goodbye(false);
      }
      client.close();
      stopped.countDown();
      log.info("worker {} stopped", config.name());
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
