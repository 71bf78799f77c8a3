package io.relayq.worker;

import io.relayq.core.Labels;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * How a worker agent runs. Validated when built: a bad value fails at once with a message naming
 * the setting, its allowed range and the value given. Start from {@link #defaults(URI)} and change
 * what differs with the {@code with*} methods.
 *
 * @param servers the coordinators, like {@code http://127.0.0.1:8750}; with several (over one
 *     database) the agent calls one and fails over to the next when it is down or answers 503,
 *     keeping its identity and its running jobs' leases
 * @param name unique in the cluster; default the short host name
 * @param labels labels given on top of the detected ones
 * @param slots how many jobs run at once; default the number of CPUs
 * @param nice the niceness jobs run at ({@code nice -n}); default 10
 * @param stateDir where the worker keeps its identity and its spool; default {@code ~/.relayq/worker}
 * @param pollWait how long one poll may wait for work at the coordinator
 * @param drainTimeout how long a drain waits for running jobs before killing and releasing them
 * @param killGrace time between TERM and KILL when a job's process group is killed
 * @param jobsDir where jobs without a {@code cwd} get a fresh directory; default {@code stateDir/jobs}
 * @param detectLabels whether to add {@code os:}, {@code arch:} and {@code has:} labels
 * @param spoolMaxBytes how much disk, under {@code stateDir/spool}, output not yet delivered may fill
 *     (when the coordinator is down or slower than the jobs); past it, jobs block on their writes
 *     until it takes some. Finish reports are always recorded. Default 1 GiB
 * @param startWait how long a start keeps trying to reach a coordinator that does not answer (it
 *     may be restarting) before giving up; 0 gives up at once. Default 60 s
 * @param token the worker token sent with every call ({@code relayq token create --role worker}),
 *     or null to send none
 * @param tls how {@code https://} coordinators are verified ({@code TlsTrust.caFile}); null uses
 *     the JDK's trust store
 * @param load when the worker stops claiming because its machine is busy; default
 *     {@link LoadLimits#DEFAULT} (above 80 % CPU)
 */
public record WorkerConfig(
    List<URI> servers,
    String name,
    List<String> labels,
    int slots,
    int nice,
    Path stateDir,
    Duration pollWait,
    Duration drainTimeout,
    Duration killGrace,
    Path jobsDir,
    boolean detectLabels,
    long spoolMaxBytes,
    Duration startWait,
    String token,
    SSLContext tls,
    LoadLimits load) {

  public static final int DEFAULT_NICE = 10;
  public static final Path DEFAULT_STATE_DIR = Path.of(System.getProperty("user.home"), ".relayq", "worker");
  public static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(25);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);
  public static final String FALLBACK_NAME = "worker";
  public static final long DEFAULT_SPOOL_MAX_BYTES = 1024L * 1024 * 1024;
  public static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(60);
  /** Below this the spool could not hold one output request of a job that writes fast. */
  public static final long MIN_SPOOL_MAX_BYTES = 1024L * 1024;

  public static final int MAX_SLOTS = 1024;
  /** The coordinator holds a poll at most this long. */
  public static final Duration MAX_POLL_WAIT = Duration.ofSeconds(30);
  public static final Duration MIN_POLL_WAIT = Duration.ofMillis(100);
  public static final Duration MAX_KILL_GRACE = Duration.ofMinutes(10);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public WorkerConfig {
    Objects.requireNonNull(servers, "servers");
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no coordinator given; give at least one, like http://127.0.0.1:8750");
    }
    servers = List.copyOf(servers);
    for (URI server : servers) {
      String scheme = server.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || server.getHost() == null) {
        throw new IllegalArgumentException(
            "server '" + server + "' is not an http(s) URL with a host; write it like http://127.0.0.1:8750");
      }
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("worker name '" + name + "' is invalid: use 1-64 letters, digits,"
          + " '.', '_' and '-', starting with a letter or digit (set it with --name)");
    }
    labels = List.copyOf(labels == null ? List.of() : labels);
    labels.forEach(Labels::check);
    if (slots < 1 || slots > MAX_SLOTS) {
      throw new IllegalArgumentException("slots must be 1.." + MAX_SLOTS + ", got " + slots);
    }
    if (nice < -20 || nice > 19) {
      throw new IllegalArgumentException("nice must be -20..19 (19 is the lowest priority), got " + nice);
    }
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(jobsDir, "jobsDir");
    if (pollWait == null || pollWait.compareTo(MIN_POLL_WAIT) < 0 || pollWait.compareTo(MAX_POLL_WAIT) > 0) {
      throw new IllegalArgumentException("pollWait must be between " + MIN_POLL_WAIT.toMillis() + " ms and "
          + MAX_POLL_WAIT.toSeconds() + " s (the coordinator holds a poll at most that long), got " + pollWait);
    }
    if (drainTimeout == null || drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must be 0 or more, got " + drainTimeout);
    }
    if (killGrace == null || killGrace.isNegative() || killGrace.compareTo(MAX_KILL_GRACE) > 0) {
      throw new IllegalArgumentException(
          "killGrace must be between 0 and " + MAX_KILL_GRACE.toMinutes() + " min, got " + killGrace);
    }
    if (startWait == null || startWait.isNegative()) {
      throw new IllegalArgumentException("startWait must be 0 or more, got " + startWait);
    }
    Objects.requireNonNull(load, "load");
    if (spoolMaxBytes < MIN_SPOOL_MAX_BYTES) {
      throw new IllegalArgumentException("spoolMaxBytes must be at least " + MIN_SPOOL_MAX_BYTES + " (1 MiB), got "
          + spoolMaxBytes);
    }
  }

  /** Every setting at its default, for the coordinator at {@code server}. */
  public static WorkerConfig defaults(URI server) {
    return defaults(List.of(server));
  }

  /** Every setting at its default, for the coordinators {@code servers} (over one database). */
  public static WorkerConfig defaults(List<URI> servers) {
    return new WorkerConfig(servers, defaultName(), List.of(), defaultSlots(), DEFAULT_NICE, DEFAULT_STATE_DIR,
        DEFAULT_POLL_WAIT, DEFAULT_DRAIN_TIMEOUT, DEFAULT_KILL_GRACE, DEFAULT_STATE_DIR.resolve("jobs"), true,
        DEFAULT_SPOOL_MAX_BYTES, DEFAULT_START_WAIT, null, null, LoadLimits.DEFAULT);
  }

  /** One slot per CPU the JVM may use. */
  public static int defaultSlots() {
    return Math.min(MAX_SLOTS, Runtime.getRuntime().availableProcessors());
  }

  /** The host name up to its first dot, or {@value #FALLBACK_NAME} when it is not a valid name. */
  public static String defaultName() {
    try {
      String host = InetAddress.getLocalHost().getHostName();
      int dot = host.indexOf('.');
      String shortName = dot > 0 ? host.substring(0, dot) : host;
      return NAME.matcher(shortName).matches() ? shortName : FALLBACK_NAME;
    } catch (UnknownHostException e) {
      return FALLBACK_NAME;
    }
  }

  /** The first coordinator listed, where the agent starts. */
  public URI server() {
    return servers.get(0);
  }

  public WorkerConfig withServer(URI value) {
    return withServers(List.of(value));
  }

  public WorkerConfig withServers(List<URI> value) {
    return new WorkerConfig(value, name, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace,
        jobsDir, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withName(String value) {
    return new WorkerConfig(servers, value, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace,
        jobsDir, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withLabels(List<String> value) {
    return new WorkerConfig(servers, name, value, slots, nice, stateDir, pollWait, drainTimeout, killGrace,
        jobsDir, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withSlots(int value) {
    return new WorkerConfig(servers, name, labels, value, nice, stateDir, pollWait, drainTimeout, killGrace,
        jobsDir, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withNice(int value) {
    return new WorkerConfig(servers, name, labels, slots, value, stateDir, pollWait, drainTimeout, killGrace,
        jobsDir, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  /** Moves the state directory; the jobs directory moves along while it is the default one inside. */
  public WorkerConfig withStateDir(Path value) {
    Path jobs = jobsDir.equals(stateDir.resolve("jobs")) ? value.resolve("jobs") : jobsDir;
    return new WorkerConfig(servers, name, labels, slots, nice, value, pollWait, drainTimeout, killGrace,
        jobs, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withPollWait(Duration value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, value, drainTimeout, killGrace,
        jobsDir, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withDrainTimeout(Duration value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, value, killGrace,
        jobsDir, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withKillGrace(Duration value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, drainTimeout, value,
        jobsDir, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withJobsDir(Path value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace,
        value, detectLabels, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withSpoolMaxBytes(long value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace, jobsDir,
        detectLabels, value, startWait, token, tls, load);
  }

  public WorkerConfig withStartWait(Duration value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace, jobsDir,
        detectLabels, spoolMaxBytes, value, token, tls, load);
  }

  public WorkerConfig withDetectLabels(boolean value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace,
        jobsDir, value, spoolMaxBytes, startWait, token, tls, load);
  }

  public WorkerConfig withToken(String value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace, jobsDir,
        detectLabels, spoolMaxBytes, startWait, value, tls, load);
  }

  public WorkerConfig withLoadLimits(LoadLimits value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace, jobsDir,
        detectLabels, spoolMaxBytes, startWait, token, tls, value);
  }

  /** Verifies {@code https://} coordinators with {@code value}; null uses the JDK's trust store. */
  public WorkerConfig withTls(SSLContext value) {
    return new WorkerConfig(servers, name, labels, slots, nice, stateDir, pollWait, drainTimeout, killGrace, jobsDir,
        detectLabels, spoolMaxBytes, startWait, token, value, load);
  }

  /** Like the record's own, with the token left out: configs end up in logs. */
  @Override
  public String toString() {
    return "WorkerConfig[servers=" + servers + ", name=" + name + ", labels=" + labels + ", slots=" + slots + ", nice="
        + nice + ", stateDir=" + stateDir + ", pollWait=" + pollWait + ", drainTimeout=" + drainTimeout
        + ", killGrace=" + killGrace + ", jobsDir=" + jobsDir + ", detectLabels=" + detectLabels + ", spoolMaxBytes="
        + spoolMaxBytes + ", startWait=" + startWait + ", token=" + (token == null ? "none" : "(set)")
        + ", tls=" + (tls == null ? "system trust store" : "own trust") + ", load=" + load + "]";
  }
}
