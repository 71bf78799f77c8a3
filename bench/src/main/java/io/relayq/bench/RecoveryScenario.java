package io.relayq.bench;

import io.relayq.client.RelayqClient;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Scenario 4: two agents of one slot run a sleeping job; the one running it is SIGKILLed partway
 * through. First the killed agent stays dead: the job must come back through lease expiry and
 * succeed on the other. Then the agent running the next job is killed and started again at once
 * under the same identity: its hello must release the lease without waiting for it to expire.
 */
final class RecoveryScenario {
  private static final Duration POLL = Duration.ofMillis(20);

  private final BenchEnv env;
  private final Report report;

  RecoveryScenario(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  void run(StoreFactory stores) {
    Section s = report.open(Titles.RECOVERY, stores.kind());
    Profile p = env.profile();
    try (Cluster c = Cluster.start(env, "recovery", stores.create("recovery"), false)) {
      c.startWorkers("agent", 2, 1, "process", false);
      JobSubmission.Builder job = JobSubmission.builder().command("sleep " + p.recoveryJob().toSeconds());
      if (p.recoveryLease() != null) {
        job.lease(p.recoveryLease());
      }
      String lease = p.recoveryLease() == null ? "the default lease TTL (15 s)" : "a lease TTL of " + p.recoveryLease();
      Step.run(s, () -> {
        Killed k = killMidJob(c, job.build(), false);
        s.add(Figure.of("recovery.restarted", "SIGKILL → running again on the other agent", k.runningAgain(), "s",
            Targets.NONE, Targets.NO_PEER));
        s.add(Figure.of("recovery.done", "SIGKILL → succeeded on the other agent", k.succeeded(), "s",
            Targets.RECOVERY, Targets.RECOVERY_PEER));
        s.note("a `sleep " + p.recoveryJob().toSeconds() + "` job with " + lease + ", its agent SIGKILLed "
            + p.recoveryKillAfter().toSeconds() + " s after it started; the job's own run is part of the time");
      });
      Step.run(s, () -> {
        Killed k = killMidJob(c, job.build(), true);
        s.add(Figure.of("recovery.same-identity", "SIGKILL, agent started again at once → succeeded", k.succeeded(),
            "s", Targets.RECOVERY_RESTART, Targets.NO_PEER));
        s.add(Figure.of("recovery.same-identity.running", "  of which until running again", k.runningAgain(), "s",
            Targets.NONE, Targets.NO_PEER));
      });
    } catch (Exception e) {
      Step.brokeAll(List.of(s), e);
    }
  }

  /** Seconds from the SIGKILL until the job ran again, and until it succeeded. */
  private record Killed(double runningAgain, double succeeded) {}

  private Killed killMidJob(Cluster c, JobSubmission job, boolean restart) throws InterruptedException {
    Profile p = env.profile();
    RelayqClient client = c.client();
    String id = client.submit(job).job().id();
    JobView running = await(client, id, v -> v.state() == JobState.RUNNING, Duration.ofSeconds(30), "running");
    Child victim = c.workers().stream().filter(w -> w.name().startsWith(running.worker() + "-") && w.alive())
        .findFirst().orElseThrow(() -> new BenchException("job " + id + " runs on " + running.worker()
            + ", which is none of the agents this harness started"));
    Instant killAt = running.startedAt().plus(p.recoveryKillAfter());
    Duration wait = Duration.between(Instant.now(), killAt);
    if (!wait.isNegative()) {
      Thread.sleep(wait);
    }
    long t0 = System.nanoTime();
    env.processes().crash(victim);
    if (restart) {
      String agentName = running.worker().substring(running.worker().indexOf('-') + 1);
      c.awaitReady(c.startWorker(agentName, 1, "process", false));
    }
    Duration limit = Duration.ofSeconds(15).plus(p.recoveryJob()).plusSeconds(45);
    await(client, id, v -> v.attempt() >= 2 && v.state() != JobState.QUEUED, limit, "running again");
    double runningAgain = (System.nanoTime() - t0) / 1e9;
    JobView end = await(client, id, v -> v.state().isTerminal(), limit, "finished");
    double succeeded = (System.nanoTime() - t0) / 1e9;
    if (end.state() != JobState.SUCCEEDED) {
      throw new BenchException("job " + id + " ended " + end.state().wireName() + " (" + end.reason() + ", "
          + end.message() + ") after its agent was killed; expected succeeded on attempt 2");
    }
    if (!restart && running.worker().equals(end.worker())) {
      throw new BenchException("job " + id + " succeeded on " + end.worker() + ", the agent that was killed");
    }
    return new Killed(runningAgain, succeeded);
  }

  private static JobView await(RelayqClient client, String id, Predicate<JobView> done, Duration limit, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      JobView v = client.job(id);
      if (done.test(v)) {
        return v;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new BenchException("job " + id + " was not " + what + " within " + limit.toSeconds() + " s; it is "
            + v.state().wireName() + " on attempt " + v.attempt() + (v.waiting() == null ? "" : " (" + v.waiting() + ")"));
      }
      Thread.sleep(POLL);
    }
  }
}
