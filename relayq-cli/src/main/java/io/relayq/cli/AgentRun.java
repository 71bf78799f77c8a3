package io.relayq.cli;

import io.relayq.cli.health.SystemdNotifier;
import io.relayq.core.Durations;
import io.relayq.worker.WorkerAgent;
import io.relayq.worker.WorkerConfig;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * A worker agent as {@code relayq worker} and {@code relayq up} run it: started with clear errors,
 * kept until a stop is asked for (then drained, saying how many jobs it waits for) or until it
 * stops by itself (superseded by a newer start of the same worker).
 */
final class AgentRun {
  private AgentRun() {}

  /** Starts the agent; a refused name or an unusable state directory is a {@link CliException}. */
  static WorkerAgent start(WorkerConfig config) {
    try {
      return WorkerAgent.start(config);
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.FAILED, e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new CliException(ExitCodes.FAILED, "worker state directory " + config.stateDir() + ": "
          + e.getCause().getMessage() + " (choose another with --state-dir DIR)", e);
    }
  }

  /**
   * Blocks until {@code stop} completes or the agent stops by itself. On a stop, drains the agent
   * for at most its drain timeout and returns; when the agent stopped by itself, throws why.
   */
  static void runUntilStopped(WorkerAgent agent, WorkerConfig config, CompletableFuture<Void> stop, CliContext ctx) {
    runUntilStopped(agent, config, stop, ctx, SystemdNotifier.none());
  }

  /** As above, and tells systemd {@code STOPPING=1} before draining. */
  static void runUntilStopped(WorkerAgent agent, WorkerConfig config, CompletableFuture<Void> stop, CliContext ctx,
      SystemdNotifier notifier) {
    CompletableFuture<Void> stoppedByItself = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("relayq-agent-watch").start(() -> {
      try {
        agent.awaitStopped();
        stoppedByItself.complete(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    CompletableFuture.anyOf(stop, stoppedByItself).join();
    if (!stop.isDone() && agent.failure().isPresent()) {
      throw new CliException(ExitCodes.FAILED, "worker " + agent.name() + " stopped: " + agent.failure().get());
    }
    int running = agent.runningJobs();
    notifier.stopping("draining: " + running + (running == 1 ? " job" : " jobs") + " still running");
    if (running == 0) {
      ctx.note("stopping worker " + agent.name() + ": no jobs running");
    } else {
      ctx.note("draining worker " + agent.name() + ": waiting up to " + Durations.format(config.drainTimeout())
          + " for " + running + (running == 1 ? " running job" : " running jobs")
          + " to finish; jobs still running then are stopped and run again elsewhere");
    }
    agent.drain(config.drainTimeout());
  }
}
