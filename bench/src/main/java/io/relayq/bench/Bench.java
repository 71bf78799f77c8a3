package io.relayq.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark harness: runs every scenario on each store asked for, then writes
 * {@code latest.md}, {@code latest.json} and the plots. Exits 1 when a scenario broke (a job
 * failed, a process died, something never happened), 2 for a usage error, and 0 otherwise, however
 * slow the figures: slowness is reported, not failed.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] argv) throws Exception {
    System.setProperty("java.awt.headless", "true");
    BenchOptions options;
    try {
      options = BenchOptions.parse(argv, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(options));
  }

  static int run(BenchOptions o) throws Exception {
    long t0 = System.nanoTime();
    Profile profile = o.quick() ? Profile.quick() : Profile.full();
    Path tmp = o.outDir().resolve("tmp");
    SqliteStores.delete(tmp);
    Files.createDirectories(tmp);
    Path builtJar = o.root().resolve("relayq-cli/target/relayq.jar");
    if (!Files.isRegularFile(builtJar)) {
      System.err.println("bench: " + builtJar + " is missing: build it with: mvn -q -B install -DskipTests -DskipITs");
      return 2;
    }
    // every process of the run starts the same bytes, even if a build replaces the jar meanwhile
    Path relayqJar = Files.copy(builtJar, tmp.resolve("relayq.jar"));
    Processes processes = new Processes(tmp.resolve("logs"), tmp.resolve("pids"), tmp.resolve("home"));
    Runtime.getRuntime().addShutdownHook(new Thread(processes::close, "bench-cleanup"));
    Path launcher = o.root().resolve("relayq");
    BenchEnv env = new BenchEnv(o.root(), o.java(), relayqJar, ownJar(), launcher, tmp, LauncherFlags.read(launcher),
        processes, profile, o.jfr());
    Report report = new Report(Machine.describe(o.root(), o.java()), profile, o.note(), o.stores());
    System.out.println("relayq bench: " + profile.name() + " run on " + o.stores() + ", files in " + tmp);
    try {
      SqliteStores sqlite = new SqliteStores(tmp.resolve("data"));
      timed("footprint", () -> new FootprintScenario(env, report).run(sqlite));
      for (StoreKind kind : o.stores()) {
        StoreFactory stores = kind == StoreKind.SQLITE ? sqlite : new PostgresStores(o.postgresUrl());
        var unavailable = stores.unavailable();
        if (unavailable.isPresent()) {
          for (String title : Titles.PER_STORE) {
            report.open(title, kind).skip(unavailable.get());
          }
          if (kind == StoreKind.POSTGRES) {
            report.open(Titles.WAKEUP, kind).skip(unavailable.get());
          }
          continue;
        }
        timed(kind.id() + " queue", () -> new QueueScenarios(env, report).run(stores));
        timed(kind.id() + " shell", () -> new ShellScenarios(env, report).run(stores));
        timed(kind.id() + " recovery", () -> new RecoveryScenario(env, report).run(stores));
        timed(kind.id() + " scale", () -> new ScaleScenario(env, report).run(stores));
        if (kind == StoreKind.POSTGRES) {
          timed(kind.id() + " wake-up across coordinators", () -> new CrossWakeupScenario(env, report).run(stores));
        }
      }
    } finally {
      processes.close();
    }
    report.finish(ProcFs.loadAverage(), (System.nanoTime() - t0) / 1e9);
    List<String> plots = new ArrayList<>();
    try {
      plots.addAll(Plots.write(report, o.outDir()));
    } catch (Exception | LinkageError e) {
      System.out.println("bench: no plots (" + Step.describe(e) + "); the tables are complete without them");
    }
    MarkdownReport.write(report, plots, o.outDir().resolve("latest.md"));
    JsonReport.write(report, o.outDir().resolve("latest.json"));
    System.out.printf("relayq bench: wrote %s (%d plots) in %.1f min%n", o.outDir().resolve("latest.md"), plots.size(),
        report.wallSeconds() / 60);
    if (report.anyBroken()) {
      System.out.println("relayq bench: BROKEN scenarios (see latest.md): " + report.sections().stream()
          .filter(s -> s.status() == Section.Status.BROKEN)
          .map(s -> s.title() + (s.store() == null ? "" : " on " + s.store().title())).toList());
      return 1;
    }
    return 0;
  }

  /** Runs one scenario group and says how long it took, so the run's time budget can be followed. */
  private static void timed(String what, Runnable scenarios) {
    long t0 = System.nanoTime();
    scenarios.run();
    System.out.printf("-- %s took %.1f s (load average %.1f)%n", what, (System.nanoTime() - t0) / 1e9,
        ProcFs.loadAverage());
  }

  private static Path ownJar() throws URISyntaxException {
    return Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
