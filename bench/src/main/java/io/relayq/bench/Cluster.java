package io.relayq.bench;

import io.relayq.client.LocalTokenFile;
import io.relayq.client.RelayqClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The processes of one measurement: a coordinator over a fresh store, on a free loopback port, and
 * the worker agents started for it. Closing stops the workers, then the coordinator, then removes
 * the store, even when a scenario failed halfway.
 */
final class Cluster implements AutoCloseable {
  static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
  private static final Pattern ARMED = Pattern.compile("^armed$");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String JFR_NAME = "bench";
  private static final List<String> RECORDING = List.of("-XX:StartFlightRecording=name=" + JFR_NAME + ",settings=profile");

  private final BenchEnv env;
  private final String name;
  private final StoreInstance store;
  private final Child coordinator;
  private final URI url;
  private final String token;
  private final RelayqClient client;
  private final List<Child> workers = new ArrayList<>();
  /** False for a second coordinator over another cluster's store: that cluster removes it. */
  private final boolean ownsStore;

  private Cluster(BenchEnv env, String name, StoreInstance store, Child coordinator, URI url, boolean ownsStore) {
    this.env = env;
    this.name = name;
    this.store = store;
    this.coordinator = coordinator;
    this.url = url;
    // relayq server writes its first admin token to ~/.relayq/token of the children's HOME; a
    // coordinator joining a store that has tokens leaves the file as the first one wrote it
    this.token = LocalTokenFile.readFor(url, env.processes().childEnv()).orElseThrow(() -> new BenchException(
        "the coordinator at " + url + " wrote no token to " + LocalTokenFile.path(env.processes().childEnv())));
    this.client = RelayqClient.connect(url, token);
    this.ownsStore = ownsStore;
  }

  /**
   * Starts a coordinator over {@code store}, which the cluster then owns (and removes on close).
   *
   * @param flightRecording whether the coordinator records a JFR profile ({@link #dumpRecording})
   */
  static Cluster start(BenchEnv env, String name, StoreInstance store, boolean flightRecording)
      throws InterruptedException {
    return start(env, name, store, flightRecording, true);
  }

  /**
   * Starts another coordinator over {@code first}'s store (PostgreSQL: several coordinators share
   * one database), with agents of its own; closing it leaves the store to {@code first}.
   */
  static Cluster joining(BenchEnv env, String name, Cluster first) throws InterruptedException {
    return start(env, name, first.store, false, false);
  }

  private static Cluster start(BenchEnv env, String name, StoreInstance store, boolean flightRecording,
      boolean ownsStore) throws InterruptedException {
    List<String> extra = flightRecording ? RECORDING : List.of();
    Child coordinator;
    try {
      coordinator = env.processes().start(name + "-coordinator-" + store.kind().id(),
          store.coordinatorCommand(env, extra));
    } catch (RuntimeException e) {
      if (ownsStore) {
        store.close();
      }
      throw e;
    }
    Cluster cluster = null;
    try {
      URI url = URI.create(coordinator.awaitLine(LISTENING, START_TIMEOUT).group(1));
      cluster = new Cluster(env, name, store, coordinator, url, ownsStore);
      cluster.client.health();
      return cluster;
    } catch (RuntimeException | InterruptedException e) {
      if (cluster != null) {
        cluster.close();
      } else {
        env.processes().stop(coordinator, Duration.ofSeconds(5));
        if (ownsStore) {
          store.close();
        }
      }
      throw e;
    }
  }

  /** The cluster's name, the prefix of its processes' names. */
  String name() {
    return name;
  }

  URI url() {
    return url;
  }

  /** The admin token every client of this cluster uses. */
  String token() {
    return token;
  }

  RelayqClient client() {
    return client;
  }

  Child coordinator() {
    return coordinator;
  }

  List<Child> workers() {
    return List.copyOf(workers);
  }

  /**
   * Starts {@code count} agents of {@code slots} slots each, named {@code CLUSTER-PREFIX-N}. Gated
   * ones wait for {@link #release}; the others are registered when this returns.
   *
   * @param executor {@code immediate} or {@code process}
   */
  List<Child> startWorkers(String prefix, int count, int slots, String executor, boolean gated)
      throws InterruptedException {
    return startWorkers(prefix, count, slots, executor, gated, false);
  }

  /** As above; with {@code recordFirst} the first agent records a flight recording ({@link #dumpRecording}). */
  List<Child> startWorkers(String prefix, int count, int slots, String executor, boolean gated, boolean recordFirst)
      throws InterruptedException {
    List<Child> started = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      started.add(startWorker(prefix + "-" + i, slots, executor, gated, recordFirst && i == 1 ? RECORDING : List.of()));
    }
    for (Child w : started) {
      if (gated) {
        w.awaitLine(ARMED, START_TIMEOUT);
      } else {
        awaitReady(w);
      }
    }
    return started;
  }

  /** Starts one agent named {@code CLUSTER-workerName} with its own state directory, without waiting. */
  Child startWorker(String workerName, int slots, String executor, boolean gated) {
    return startWorker(workerName, slots, executor, gated, List.of());
  }

  private Child startWorker(String workerName, int slots, String executor, boolean gated, List<String> extraJvmFlags) {
    String fullName = name + "-" + workerName;
    Path stateDir = env.tmpDir().resolve("workers").resolve(store.kind().id() + "-" + fullName);
    List<String> args = new ArrayList<>(List.of("--server", url.toString(), "--token", token, "--name", fullName,
        "--slots", Integer.toString(slots), "--state-dir", stateDir.toString(), "--executor", executor));
    if (gated) {
      args.add("--gate");
    }
    List<String> flags = new ArrayList<>(env.flags().worker());
    flags.addAll(extraJvmFlags);
    Child w = env.processes().start(fullName + "-" + store.kind().id(), env.helper(flags, BenchWorker.class, args));
    workers.add(w);
    return w;
  }

  /** Waits until an agent has registered with the coordinator. */
  void awaitReady(Child worker) throws InterruptedException {
    worker.awaitLine(Pattern.compile("^ready "), START_TIMEOUT);
  }

  /**
   * Lets gated agents connect, all at once; returns {@link System#nanoTime()} just before the first
   * was told, the start of a drain.
   */
  long release(List<Child> gated) throws InterruptedException {
    long t0 = System.nanoTime();
    gated.forEach(w -> w.send("go"));
    for (Child w : gated) {
      awaitReady(w);
    }
    return t0;
  }

  /**
   * Writes the flight recording of {@code process} (the coordinator or a recording agent) so far to
   * {@code file}.
   *
   * @throws BenchException when jcmd fails (the recording was not started, or the JDK has no jcmd)
   */
  void dumpRecording(Child process, Path file) throws InterruptedException {
    int code = env.processes().run("jcmd-jfr-dump", List.of(env.jcmd().toString(), Long.toString(process.pid()),
        "JFR.dump", "name=" + JFR_NAME, "filename=" + file), Duration.ofSeconds(60));
    if (code != 0) {
      throw new BenchException("jcmd JFR.dump of " + process + " exited with " + code);
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      env.processes().stopAll(workers, Duration.ofSeconds(5));
      env.processes().stop(coordinator, Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (ownsStore) {
        store.close();
      }
    }
  }
}
