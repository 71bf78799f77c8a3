package io.relayq.bench;

import io.relayq.core.JobSubmission;
import java.util.List;

/**
 * Scenario 7 (PostgreSQL only): two coordinators over one database; the only agent long-polls
 * coordinator B while every job is submitted to coordinator A. Submit → started is the
 * cross-coordinator wake-up: A's commit notifies the database channel, B's listener wakes its held
 * poll, B claims. No polling interval is on that path. The client waits for the result on B, where
 * the agent reports it: a job stream on A sees changes made through B only at its next re-check
 * (up to 1 s), which would hide the wake-up.
 */
final class CrossWakeupScenario {
  private static final JobSubmission NO_OP = JobSubmission.ofCommand("true");

  private final BenchEnv env;
  private final Report report;

  CrossWakeupScenario(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  void run(StoreFactory stores) {
    Section s = report.open(Titles.WAKEUP, stores.kind());
    Profile p = env.profile();
    try (Cluster a = Cluster.start(env, "wakeup-a", stores.create("wakeup"), false);
        Cluster b = Cluster.joining(env, "wakeup-b", a)) {
      b.startWorkers("agent", 1, 1, "immediate", false);
      Step.run(s, () -> {
        LatencyProbe.Run r = LatencyProbe.run(a.url(), b.url(), a.token(), p.latencyRounds(), NO_OP, p.latencyBudget());
        s.add(Figure.of("wakeup.start.p50", "submit to A → started by B's agent, p50", r.submitToStart().p50(), "ms",
            Targets.NONE, Targets.NO_PEER));
        s.add(Figure.of("wakeup.start.p99", "submit to A → started by B's agent, p99", r.submitToStart().p99(), "ms",
            Targets.NONE, Targets.NO_PEER));
        s.add(Figure.of("wakeup.total.p50", "submit to A → result visible on B, p50", r.total().p50(), "ms",
            Targets.NONE, Targets.NO_PEER));
        s.add(Figure.of("wakeup.total.p99", "submit to A → result visible on B, p99", r.total().p99(), "ms",
            Targets.NONE, Targets.NO_PEER));
        s.note(r.total().count() + " sequential no-op round trips after " + LatencyProbe.WARM_UP + " untimed ones: the"
            + " client submits to coordinator A and waits on B's event stream; the one agent (1 slot, immediate"
            + " executor) long-polls coordinator B. Started is B's startedAt, kept to the millisecond (±1 ms)");
        report.latency(stores.kind().title() + ", across coordinators", r.total());
      });
    } catch (Exception e) {
      Step.brokeAll(List.of(s), e);
    }
  }
}
