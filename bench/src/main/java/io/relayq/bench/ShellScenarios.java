package io.relayq.bench;

import io.relayq.core.JobSubmission;
import java.io.File;
import java.util.List;
import java.util.Optional;

/**
 * Scenario 2 and the shell half of 3: {@code /bin/true} jobs through the product's process
 * executor on one agent, against a plain Java loop spawning {@code /bin/true} with the same
 * parallelism in the same run; then sequential round trips of such jobs.
 */
final class ShellScenarios {
  private static final List<String> TRUE = List.of("/bin/true");
  private static final JobSubmission TRUE_JOB = JobSubmission.builder().argv(TRUE).build();

  private final BenchEnv env;
  private final Report report;

  ShellScenarios(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  void run(StoreFactory stores) {
    StoreKind kind = stores.kind();
    Section shell = report.open(Titles.SHELL, kind);
    Section latency = report.open(Titles.LATENCY_SHELL, kind);
    try (Cluster c = Cluster.start(env, "shell", stores.create("shell"), false)) {
      Step.run(shell, () -> shellRate(c, shell));
      Step.run(latency, () -> {
        LatencyProbe.Run r = LatencyProbe.run(c.url(), c.token(), env.profile().latencyRounds(), TRUE_JOB,
            env.profile().latencyBudget());
        QueueScenarios.latencyFigures(latency, "shell", r);
        report.latency(kind.title() + ", /bin/true", r.total());
      });
    } catch (Exception e) {
      Step.brokeAll(List.of(shell, latency), e);
    }
  }

  private void shellRate(Cluster c, Section s) throws InterruptedException {
    Profile p = env.profile();
    int slots = p.shellSlots();
    RawSpawn.Run raw = RawSpawn.run(TRUE, slots, p.shellJobs());
    Optional<RawSpawn.Run> chain = launchChain().isEmpty() ? Optional.empty()
        : Optional.of(RawSpawn.run(launchChain(), slots, p.shellJobs()));
    int jobs = Submitter.run(c.url(), c.token(), p.submitClients(), p.shellJobs(), TRUE_JOB, p.submitBudget()).jobs();
    List<Child> agent = c.startWorkers("agent", 1, slots, "process", true);
    CpuMeter cpu = new CpuMeter(QueueScenarios.groups(c, agent));
    long t0 = c.release(agent);
    DrainWatch.Drained d = DrainWatch.await(c, t0, p.drainBudget());
    // like the dispatch: counted once the agent has registered, so its JVM start is not in the rate
    double rate = Double.isNaN(d.watchedJobs()) ? jobs / d.seconds() : d.watchedRate();
    s.add(Figure.of("shell.rate", String.format("%,d", jobs) + " queued /bin/true jobs, 1 agent × " + slots
        + " slots", rate, "jobs/s", Targets.NONE, Targets.NO_PEER).withNote(d.cutNote(p.drainBudget())));
    s.add(Figure.of("shell.raw", "raw spawn rate: Java loop, " + slots + " threads, /bin/true", raw.rate(), "jobs/s",
        Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("shell.share", "relayq's share of the raw spawn rate", 100 * rate / raw.rate(), "%",
        Targets.SHELL_SHARE, Targets.SHELL_SHARE_PEER));
    chain.ifPresent(r -> s.add(Figure.of("shell.chain", "raw spawn of what a job execs: " + String.join(" ", launchChain()),
        r.rate(), "jobs/s", Targets.NONE, Targets.NO_PEER)));
    s.note(cpu.summary() + " (the agent's figure includes its jobs' processes)");
    s.note("the agent runs each job as the product does: its own session and process group, at nice 10, output"
        + " read through pipes, a fresh working directory per attempt");
    report.progress(s.store().title() + ", /bin/true jobs", d.progress());
  }

  /** {@code setsid nice -n 10 /bin/true}: the programs the process executor execs for each job, or empty. */
  private static List<String> launchChain() {
    String setsid = onPath("setsid");
    String nice = onPath("nice");
    return setsid == null || nice == null ? List.of() : List.of(setsid, nice, "-n", "10", "/bin/true");
  }

  private static String onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, program);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}
