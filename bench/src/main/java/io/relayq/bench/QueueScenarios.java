package io.relayq.bench;

import io.relayq.core.JobSubmission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Scenarios 1 and 3 (no-op jobs) on one coordinator: submit rates with no worker connected (one
 * client, then 8), the drain of everything so submitted by 4 agents of 4 slots with the immediate
 * executor, submits while those agents run (end to end), then sequential round trips on the idle
 * cluster. With {@code --jfr} the coordinator records a flight recording, summarised per phase.
 */
final class QueueScenarios {
  private static final JobSubmission NO_OP = JobSubmission.ofCommand("true");

  private final BenchEnv env;
  private final Report report;
  private final List<Window> windows = new ArrayList<>();
  private int queuedBySubmits;

  QueueScenarios(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  void run(StoreFactory stores) {
    StoreKind kind = stores.kind();
    Section submit = report.open(Titles.SUBMIT, kind);
    Section dispatch = report.open(Titles.DISPATCH, kind);
    Section endToEnd = report.open(Titles.END_TO_END, kind);
    Section latency = report.open(Titles.LATENCY_NOOP, kind);
    Cluster c = null;
    try {
      c = Cluster.start(env, "queue", stores.create("queue"), env.jfr());
      Cluster cluster = c;
      boolean queued = Step.run(submit, () -> submitRates(cluster, submit));
      boolean[] leftovers = {true};
      Step.run(dispatch, () -> {
        if (!queued) {
          throw new BenchException("not run: it drains the jobs of the submit runs, which broke");
        }
        leftovers[0] = !drain(cluster, dispatch);
      });
      if (leftovers[0]) {
        // a cut or broken drain left jobs behind: the next parts need an empty queue of their own
        close(c, kind, dispatch);
        c = null;
        c = Cluster.start(env, "queue2", stores.create("queue2"), env.jfr());
        c.startWorkers("agent", env.profile().dispatchAgents(), env.profile().dispatchSlots(), "immediate", false);
      }
      Cluster next = c;
      Step.run(endToEnd, () -> endToEnd(next, endToEnd));
      Step.run(latency, () -> latency(next, latency, kind));
    } catch (Exception e) {
      Step.brokeAll(List.of(submit, dispatch, endToEnd, latency), e);
    } finally {
      if (c != null) {
        close(c, kind, dispatch);
      }
    }
  }

  /** Summarises the cluster's recordings (when on), then stops it. */
  private void close(Cluster c, StoreKind kind, Section dispatch) {
    try {
      if (env.jfr()) {
        recordProfile(c, kind, dispatch);
      }
      windows.clear();
    } finally {
      c.close();
    }
  }

  private void submitRates(Cluster c, Section s) throws InterruptedException {
    Profile p = env.profile();
    Duration budget = p.submitBudget();
    Submitter.run(c.url(), c.token(), p.submitClients(), p.warmUpJobs(), NO_OP, budget);
    Submitter.Run one = Submitter.run(c.url(), c.token(), 1, p.singleClientSubmits(), NO_OP, budget);
    Instant from = Instant.now();
    Submitter.Run many = Submitter.run(c.url(), c.token(), p.submitClients(), p.concurrentSubmits(), NO_OP, budget);
    windows.add(new Window("submit, " + p.submitClients() + " clients", from, Instant.now()));
    queuedBySubmits = p.warmUpJobs() + one.jobs() + many.jobs();
    s.add(Figure.of("submit.single", "1 client, one job per call", one.rate(), "jobs/s", Targets.SUBMIT_SINGLE,
        Targets.SUBMIT_PEER).withNote(notes(String.format("%,d jobs", one.jobs()), one.shortOf(p.singleClientSubmits()))));
    s.add(Figure.of("submit.single.p50", "  its call latency p50", one.callMs().p50(), "ms", Targets.NONE,
        Targets.NO_PEER));
    s.add(Figure.of("submit.single.p99", "  its call latency p99", one.callMs().p99(), "ms", Targets.NONE,
        Targets.NO_PEER));
    s.add(Figure.of("submit.concurrent", p.submitClients() + " clients, one job per call", many.rate(), "jobs/s",
        Targets.SUBMIT_CONCURRENT, Targets.SUBMIT_PEER)
        .withNote(notes(String.format("%,d jobs", many.jobs()), many.shortOf(p.concurrentSubmits()))));
    s.add(Figure.of("submit.concurrent.p99", "  its call latency p99", many.callMs().p99(), "ms", Targets.NONE,
        Targets.NO_PEER));
    s.add(new Figure("submit.batch", "batch submit", Double.NaN, "jobs/s", Targets.SUBMIT_BATCH,
        Targets.SUBMIT_BATCH_PEER, "the API has no batch submit yet"));
    s.note("every submit is a real HTTP call committed durably before it answers; " + p.warmUpJobs()
        + " jobs were submitted first, untimed, to warm the coordinator up; each run stops at " + budget.toSeconds()
        + " s if not done by then");
  }

  /** Drains what the submit runs queued; returns whether the queue was emptied (not cut). */
  private boolean drain(Cluster c, Section s) throws InterruptedException {
    Profile p = env.profile();
    int jobs = queuedBySubmits;
    List<Child> agents = c.startWorkers("agent", p.dispatchAgents(), p.dispatchSlots(), "immediate", true, env.jfr());
    CpuMeter cpu = new CpuMeter(groups(c, agents));
    Instant from = Instant.now();
    long t0 = c.release(agents);
    DrainWatch.Drained d = DrainWatch.await(c, t0, p.drainBudget());
    windows.add(new Window("drain", from, Instant.now()));
    String what = "drain " + String.format("%,d", jobs) + " queued jobs, " + p.dispatchAgents() + " agents × "
        + p.dispatchSlots() + " slots";
    if (Double.isNaN(d.watchedJobs())) {
      s.add(Figure.of("dispatch.drain", what + ", agents' connect included", jobs / d.seconds(), "jobs/s",
          Targets.DRAIN, Targets.DRAIN_PEER));
    } else {
      s.add(Figure.of("dispatch.drain", what + ", once all agents were connected", d.watchedRate(), "jobs/s",
          Targets.DRAIN, Targets.DRAIN_PEER).withNote(d.cutNote(p.drainBudget())));
      if (d.complete()) {
        s.add(Figure.of("dispatch.drain.cold", "  the same from the go signal, the agents' connect included",
            jobs / d.seconds(), "jobs/s", Targets.NONE, Targets.NO_PEER));
      }
    }
    s.add(Figure.of("dispatch.seconds", "  time from the go signal to " + (d.complete() ? "an empty queue" : "the cut"),
        d.seconds(), "s", Targets.NONE, Targets.NO_PEER));
    s.note(cpu.summary());
    s.note("the " + p.dispatchAgents() + " agent JVMs were started first and connected on one go signal; the rate"
        + " counts the jobs finished (the coordinator's counter) from the moment all had registered until the API"
        + " showed no queued and no running job; agents poll over HTTP and report each finish");
    report.progress(s.store().title() + ", drain", d.progress());
    return d.complete();
  }

  private void endToEnd(Cluster c, Section s) throws InterruptedException {
    Profile p = env.profile();
    CpuMeter cpu = new CpuMeter(groups(c, c.workers()));
    Instant from = Instant.now();
    OptionalDouble before;
    OptionalDouble after;
    Submitter.Run submitted;
    DrainWatch.Drained d;
    try (FinishedCounter counter = new FinishedCounter(c.url(), c.token())) {
      before = counter.read();
      submitted = Submitter.run(c.url(), c.token(), p.submitClients(), p.endToEndJobs(), NO_OP, p.submitBudget());
      d = DrainWatch.await(c, submitted.startNanos(), p.drainBudget());
      after = counter.read();
    }
    windows.add(new Window("end to end", from, Instant.now()));
    // a cut drain counts the jobs finished since the first submit, by the coordinator's counter
    double rate = d.complete() || before.isEmpty() || after.isEmpty() ? submitted.jobs() / d.seconds()
        : (after.getAsDouble() - before.getAsDouble()) / d.seconds();
    s.add(Figure.of("e2e.rate", "jobs submitted by " + p.submitClients() + " clients while " + p.dispatchAgents()
        + " agents run them, submit to last result", rate, "jobs/s", Targets.END_TO_END, Targets.END_TO_END_PEER)
        .withNote(notes(String.format("%,d jobs", submitted.jobs()), submitted.shortOf(p.endToEndJobs()),
            d.cutNote(p.drainBudget()))));
    s.add(Figure.of("e2e.submit", "  submit rate meanwhile", submitted.rate(), "jobs/s", Targets.NONE,
        Targets.NO_PEER));
    s.note(cpu.summary());
  }

  private void latency(Cluster c, Section s, StoreKind kind) {
    LatencyProbe.Run r = LatencyProbe.run(c.url(), c.token(), env.profile().latencyRounds(), NO_OP, env.profile().latencyBudget());
    latencyFigures(s, "noop", r);
    report.latency(kind.title() + ", no-op", r.total());
  }

  /** The figures of one latency run; shared with the shell-job latency. */
  static void latencyFigures(Section s, String key, LatencyProbe.Run r) {
    s.add(Figure.of("latency." + key + ".p50", "submit → result visible, p50", r.total().p50(), "ms",
        Targets.LATENCY_P50, Targets.LATENCY_P50_PEER));
    s.add(Figure.of("latency." + key + ".p90", "submit → result visible, p90", r.total().p90(), "ms", Targets.NONE,
        Targets.NO_PEER));
    s.add(Figure.of("latency." + key + ".p99", "submit → result visible, p99", r.total().p99(), "ms",
        Targets.LATENCY_P99, Targets.LATENCY_P99_PEER));
    s.add(Figure.of("latency." + key + ".start.p50", "  of which submit → started, p50", r.submitToStart().p50(),
        "ms", Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("latency." + key + ".start.p99", "  of which submit → started, p99", r.submitToStart().p99(),
        "ms", Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("latency." + key + ".visible.p50", "  of which started → result visible, p50",
        r.startToVisible().p50(), "ms", Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("latency." + key + ".visible.p99", "  of which started → result visible, p99",
        r.startToVisible().p99(), "ms", Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("latency." + key + ".call.p50", "  the submit call alone, p50", r.submitCall().p50(), "ms",
        Targets.NONE, Targets.NO_PEER));
    s.note(r.total().count() + " sequential round trips after " + LatencyProbe.WARM_UP + " untimed ones; the client"
        + " waits as users do, on the job's event stream (JobHandle.await); the split uses the coordinator's"
        + " startedAt, kept to the millisecond, so its parts are ±1 ms while the total is exact");
  }

  /** Summarises the coordinator's recording per phase, and the first agent's for the drain. */
  private void recordProfile(Cluster c, StoreKind kind, Section dispatch) {
    Path dir = env.tmpDir().resolve("jfr");
    Path coordinator = dir.resolve(c.name() + "-coordinator-" + kind.id() + ".jfr");
    Path agent = dir.resolve(c.name() + "-agent-" + kind.id() + ".jfr");
    try {
      Files.createDirectories(dir);
      c.dumpRecording(c.coordinator(), coordinator);
      for (Window w : windows) {
        report.profile(kind.title() + " coordinator, " + w.name(), JfrSummary.read(coordinator, w.from(), w.to()));
      }
      Window drain = windows.stream().filter(w -> w.name().equals("drain")).findFirst().orElse(null);
      if (drain != null && !c.workers().isEmpty()) {
        c.dumpRecording(c.workers().getFirst(), agent);
        report.profile(kind.title() + " agent 1 of " + env.profile().dispatchAgents() + ", drain",
            JfrSummary.read(agent, drain.from(), drain.to()));
      }
      dispatch.note("flight recordings (settings=profile, on from the start of each JVM): " + coordinator
          + (drain == null ? "" : ", " + agent));
    } catch (Exception e) {
      dispatch.note("no flight recording: " + Step.describe(e));
    }
  }

  /** Remarks joined with semicolons, the empty ones left out. */
  static String notes(String... parts) {
    return String.join("; ", java.util.Arrays.stream(parts).filter(x -> !x.isBlank()).toList());
  }

  static Map<String, List<Child>> groups(Cluster c, List<Child> workers) {
    Map<String, List<Child>> groups = new LinkedHashMap<>();
    groups.put("coordinator", List.of(c.coordinator()));
    groups.put(workers.size() + " agent JVMs", workers);
    return groups;
  }
}
