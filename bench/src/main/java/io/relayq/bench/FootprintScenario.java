package io.relayq.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scenario 6, once per run (it measures the product as shipped: {@code relayq server} on SQLite
 * and {@code relayq worker}, each with its launcher's JVM flags): resident memory of an idle agent
 * and an idle coordinator, and the wall time of {@code relayq --help}.
 */
final class FootprintScenario {
  private static final Pattern WORKER_UP = Pattern.compile("takes jobs from");

  private final BenchEnv env;
  private final Report report;

  FootprintScenario(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  void run(StoreFactory sqlite) {
    Section s = report.open(Titles.FOOTPRINT, null);
    Profile p = env.profile();
    try (Cluster c = Cluster.start(env, "footprint", sqlite.create("footprint"), false)) {
      Step.run(s, () -> {
        Path stateDir = env.tmpDir().resolve("workers").resolve("footprint-idle");
        Child worker = env.processes().start("footprint-idle-worker", env.relayq(env.flags().worker(),
            List.of("worker", "--server", c.url().toString(), "--name", "footprint-idle", "--slots", "2",
                "--state-dir", stateDir.toString(), "--cpu-threshold", "0")));
        try {
          worker.awaitLine(WORKER_UP, Duration.ofSeconds(60));
          // a few calls, so the coordinator has served what a quiet cluster serves
          c.client().workers();
          c.client().jobs(null, null, null, 10, null);
          Thread.sleep(p.idle());
          memory(s, "worker", "idle worker agent (relayq worker, 2 slots)", worker.pid(), Targets.IDLE_WORKER,
              Targets.IDLE_WORKER_PEER);
          memory(s, "coordinator", "idle coordinator (relayq server, SQLite)", c.coordinator().pid(), Targets.NONE,
              Targets.NO_PEER);
          s.note("VmRSS and Pss from /proc after " + p.idle().toSeconds() + " s idle; JVM flags from ./relayq:"
              + " worker " + String.join(" ", env.flags().worker()) + "; server " + String.join(" ", env.flags().server()));
        } finally {
          env.processes().stop(worker, Duration.ofSeconds(5));
        }
      });
    } catch (Exception e) {
      Step.brokeAll(List.of(s), e);
    }
    Step.run(s, () -> help(s));
  }

  private static void memory(Section s, String key, String label, long pid, Target target, String peer) {
    s.add(Figure.of("footprint." + key + ".rss", label + ", RSS", ProcFs.rssKb(pid).orElse(0) / 1024.0, "MB", target,
        peer));
    s.add(Figure.of("footprint." + key + ".pss", "  its PSS (shared pages split among processes)",
        ProcFs.pssKb(pid).orElse(0) / 1024.0, "MB", Targets.NONE, Targets.NO_PEER));
  }

  private void help(Section s) throws Exception {
    int runs = env.profile().helpRuns();
    List<String> direct = env.relayq(env.flags().shortCommand(), List.of("--help"));
    s.add(Figure.of("footprint.help", "relayq --help, java -jar with the launcher's flags, median of " + runs,
        medianMillis(direct, runs), "ms", Targets.HELP, Targets.HELP_PEER));
    String stale = staleSource();
    if (stale == null) {
      s.add(Figure.of("footprint.help.launcher", "./relayq --help through the launcher script, median of " + runs,
          medianMillis(List.of("bash", env.launcher().toString(), "--help"), runs), "ms", Targets.HELP,
          Targets.HELP_PEER));
    } else {
      s.note("./relayq --help was not timed: " + stale + " is newer than relayq.jar, so the launcher would rebuild"
          + " the project first; the java -jar figure is the same start without the script's checks");
    }
  }

  private double medianMillis(List<String> command, int runs) throws InterruptedException {
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      int code = env.processes().run("relayq-help", command, Duration.ofSeconds(60));
      times[i] = (System.nanoTime() - t0) / 1e6;
      if (code != 0) {
        throw new BenchException(String.join(" ", command) + " exited " + code);
      }
    }
    return Stats.of(times).p50();
  }

  /**
   * A source file or pom newer than the jar, found the way the launcher looks ({@code pom.xml},
   * {@code *}{@code /pom.xml}, {@code *}{@code /src}): the launcher would then build first. Null when none is.
   */
  private String staleSource() throws Exception {
    long jar = Files.getLastModifiedTime(env.root().resolve("relayq-cli/target/relayq.jar")).toMillis();
    List<Path> roots = new ArrayList<>();
    roots.add(env.root().resolve("pom.xml"));
    try (Stream<Path> modules = Files.list(env.root())) {
      modules.filter(d -> Files.isDirectory(d.resolve("src")) || Files.exists(d.resolve("pom.xml")))
          .forEach(d -> {
            roots.add(d.resolve("pom.xml"));
            roots.add(d.resolve("src"));
          });
    }
    for (Path r : roots) {
      if (!Files.exists(r)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(r)) {
        var newer = files.filter(Files::isRegularFile).filter(f -> modified(f) > jar).findFirst();
        if (newer.isPresent()) {
          return env.root().relativize(newer.get()).toString();
        }
      }
    }
    return null;
  }

  private static long modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
