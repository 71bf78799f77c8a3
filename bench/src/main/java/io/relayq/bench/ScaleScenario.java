package io.relayq.bench;

import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.JobSubmission;
import io.relayq.core.Json;
import io.relayq.core.api.FinishReport;
import io.relayq.core.api.LeaseGrant;
import io.relayq.core.api.PollRequest;
import io.relayq.core.api.PollResponse;
import io.relayq.core.api.WorkerHello;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * Scenario 5: the same figures at two queue sizes. For each, a fresh store is filled by
 * {@link BulkLoad} (through the store API, before any coordinator opens it), which also times the
 * store's own claims; then a real coordinator is started on it and measured over HTTP: claims of
 * one job through the worker protocol (poll, then finish), submits from 8 clients, heap and RSS.
 */
final class ScaleScenario {
  private static final String PROBE = "scale-probe";

  private final BenchEnv env;
  private final Report report;

  ScaleScenario(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  /** What was measured at one queue size; times in ms, memory in MiB. */
  record AtSize(int requested, BulkLoad.Result load, Stats httpClaimMs, double submitRate, OptionalDouble heapUsedMb,
      OptionalDouble heapLiveMb, double rssMb) {}

  void run(StoreFactory stores) {
    Section s = report.open(Titles.SCALE, stores.kind());
    Profile p = env.profile();
    Step.run(s, () -> {
      AtSize small = measure(stores, p.scaleBaseline(), Duration.ofSeconds(120));
      // PostgreSQL takes its submits one transaction each, several times slower: half the budget keeps the run bounded
      Duration budget = stores.kind() == StoreKind.POSTGRES ? p.scaleLoadBudget().dividedBy(2) : p.scaleLoadBudget();
      AtSize large = measure(stores, p.scaleQueued(), budget);
      figures(s, small, large);
    });
  }

  private AtSize measure(StoreFactory stores, int jobs, Duration budget) throws Exception {
    StoreInstance store = stores.create("scale" + jobs);
    BulkLoad.Result load;
    try {
      load = load(store, jobs, budget);
    } catch (Exception e) {
      store.close();
      throw e;
    }
    try (Cluster c = Cluster.start(env, "scale" + jobs, store, false)) {
      Stats claims = httpClaims(c, Math.min(env.profile().claimSamples(), load.loaded() - load.claimMs().size()),
          env.profile().probeBudget());
      Submitter.Run submits = Submitter.run(c.url(), c.token(), env.profile().submitClients(), env.profile().scaleSubmits(),
          JobSubmission.ofCommand("true"), env.profile().probeBudget());
      long pid = c.coordinator().pid();
      OptionalDouble used = Heap.usedMb(env, pid);
      OptionalDouble live = Heap.liveMb(env, pid);
      double rss = ProcFs.rssKb(pid).orElse(0) / 1024.0;
      return new AtSize(jobs, load, claims, submits.rate(), used, live, rss);
    }
  }

  private BulkLoad.Result load(StoreInstance store, int jobs, Duration budget) throws Exception {
    int threads = store.kind() == StoreKind.SQLITE ? 64 : 10;
    Child loader = env.processes().start("bulk-load-" + store.kind().id() + "-" + jobs, env.helper(env.flags().server(),
        BulkLoad.class, List.of("--store", store.loaderSpec(), "--jobs", Integer.toString(jobs),
            "--budget-seconds", Long.toString(budget.toSeconds()), "--claim-samples",
            Integer.toString(env.profile().claimSamples()), "--threads", Integer.toString(threads))));
    if (!loader.awaitExit(budget.plusSeconds(120))) {
      env.processes().stop(loader, Duration.ZERO);
      throw new BenchException("the bulk load of " + jobs + " jobs did not end in " + budget.plusSeconds(120).toSeconds()
          + " s; its log: " + loader.log());
    }
    if (loader.process().exitValue() != 0) {
      throw new BenchException("the bulk load of " + jobs + " jobs exited " + loader.process().exitValue() + ":\n"
          + loader.tail());
    }
    String line = Files.readAllLines(loader.log(), StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new BenchException("the bulk load printed no RESULT line; its log: " + loader.log()));
    try {
      return Json.mapper().readValue(line.substring("RESULT ".length()), BulkLoad.Result.class);
    } catch (IOException e) {
      throw new BenchException("cannot read the bulk load's result '" + line + "': " + e.getMessage(), e);
    }
  }

  /** Claims one job at a time through the worker protocol, finishing each; times the poll call. */
  private static Stats httpClaims(Cluster c, int samples, Duration budget) {
    List<Double> times = new ArrayList<>();
    try (WorkerProtocolClient worker = WorkerProtocolClient.connect(c.url(), c.token())) {
      String incarnation = UUID.randomUUID().toString();
      worker.hello(PROBE, new WorkerHello(UUID.randomUUID().toString(), incarnation, List.of(), 1, "bench", "localhost"));
      long deadline = System.nanoTime() + budget.toNanos();
      for (int i = 0; i < samples && System.nanoTime() - deadline < 0; i++) {
        long t0 = System.nanoTime();
        PollResponse r = worker.poll(PROBE, new PollRequest(incarnation, 1, 1000));
        times.add((System.nanoTime() - t0) / 1e6);
        if (r.jobs() == null || r.jobs().isEmpty()) {
          throw new BenchException("poll " + (i + 1) + " for one job got none, with jobs queued");
        }
        LeaseGrant lease = r.jobs().getFirst();
        worker.finish(lease.jobId(), new FinishReport(lease.attempt(), "exited", 0, null, List.of()));
      }
    }
    return Stats.of(times);
  }

  private void figures(Section s, AtSize small, AtSize large) {
    String a = "the small queue";
    String b = "the large queue";
    if (large.load().loaded() < large.requested()) {
      s.note(String.format("only %,d of the %,d jobs asked for were loaded in the %.0f s the load was given"
          + " (%,.0f submits/s through the store API); the large-queue figures are at that size",
          large.load().loaded(), large.requested(), large.load().loadSeconds(),
          large.load().loaded() / large.load().loadSeconds()));
    }
    s.add(Figure.of("scale.queued.small", "jobs queued in the small queue", small.load().loaded(), "jobs", Targets.NONE,
        Targets.NO_PEER));
    s.add(Figure.of("scale.queued", "jobs queued in the large queue", large.load().loaded(), "jobs", Targets.NONE,
        Targets.NO_PEER));
    s.add(Figure.of("scale.load.rate", "  bulk load through JobStore.submit (in-process, concurrent)",
        large.load().loaded() / large.load().loadSeconds(), "jobs/s", Targets.NONE, Targets.NO_PEER));
    Stats storeSmall = Stats.of(small.load().claimMs());
    Stats storeLarge = Stats.of(large.load().claimMs());
    s.add(Figure.of("scale.store-claim.small.p50", "store claim of 1 job at " + a + ", p50", storeSmall.p50(), "ms",
        Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.store-claim.small.p99", "store claim of 1 job at " + a + ", p99", storeSmall.p99(), "ms",
        Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.store-claim.large.p50", "store claim of 1 job at " + b + ", p50", storeLarge.p50(), "ms",
        Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.store-claim.large.p99", "store claim of 1 job at " + b + ", p99", storeLarge.p99(), "ms",
        Targets.CLAIM_AT_SCALE, Targets.NO_PEER).withNote(storeLarge.count() + " claims"));
    s.add(Figure.of("scale.http-claim.small.p50", "poll for 1 job over HTTP at " + a + ", p50",
        small.httpClaimMs().p50(), "ms", Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.http-claim.small.p99", "poll for 1 job over HTTP at " + a + ", p99",
        small.httpClaimMs().p99(), "ms", Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.http-claim.large.p50", "poll for 1 job over HTTP at " + b + ", p50",
        large.httpClaimMs().p50(), "ms", Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.http-claim.large.p99", "poll for 1 job over HTTP at " + b + ", p99",
        large.httpClaimMs().p99(), "ms", Targets.CLAIM_AT_SCALE, Targets.NO_PEER)
        .withNote(large.httpClaimMs().count() + " polls"));
    s.add(Figure.of("scale.submit.small", "submit, 8 clients, at " + a, small.submitRate(), "jobs/s",
        Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.submit.large", "submit, 8 clients, at " + b, large.submitRate(), "jobs/s",
        Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.submit.ratio", "  large-queue submit rate as a share of the small-queue one",
        100 * large.submitRate() / small.submitRate(), "%", Targets.SUBMIT_AT_SCALE, Targets.NO_PEER));
    s.add(Figure.of("scale.heap.small", "coordinator heap after a full GC at " + a,
        small.heapLiveMb().orElse(Double.NaN), "MB", Targets.NONE, Targets.NO_PEER));
    s.add(Figure.of("scale.heap.large", "coordinator heap after a full GC at " + b,
        large.heapLiveMb().orElse(Double.NaN), "MB", Targets.HEAP, Targets.NO_PEER)
        .withNote(large.heapUsedMb().isPresent() ? String.format("%.0f MB before the GC", large.heapUsedMb().getAsDouble())
            : "jcmd gave no heap figure"));
    s.add(Figure.of("scale.rss.small", "coordinator RSS at " + a, small.rssMb(), "MB", Targets.NONE,
        Targets.NO_PEER));
    s.add(Figure.of("scale.rss.large", "coordinator RSS at " + b, large.rssMb(), "MB", Targets.NONE,
        Targets.NO_PEER));
    s.note("store claims are timed inside the bulk-load JVM on the store alone (claim, then finish, one job at a"
        + " time); HTTP polls go through the coordinator's worker protocol (poll for 1 job, then finish it)");
  }
}
