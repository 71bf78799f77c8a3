package io.relayq.cli.service;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The two relayq processes that run as services. */
public enum ServiceKind {
  /** {@code relayq worker}: pulls jobs and runs them. */
  WORKER("relayq worker: runs jobs it pulls from a relayq coordinator",
      // as the ./relayq launcher runs it: small heap, quick JIT; jobs are separate processes
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms8m", "-Xmx256m")),
  /** {@code relayq server}: the coordinator. */
  SERVER("relayq coordinator: the job queue and its HTTP API", List.of("-XX:+UseSerialGC", "-Xss512k"));

  /** On stop, the time beyond the drain timeout a worker may need: kill what is left, deliver results, say goodbye. */
  public static final Duration WORKER_STOP_MARGIN = Duration.ofSeconds(90);
  /** On stop, the time a coordinator may need to close its connections and the store. */
  public static final Duration SERVER_STOP_TIMEOUT = Duration.ofSeconds(30);

  private final String description;
  private final List<String> jvmOptions;

  ServiceKind(String description, List<String> jvmOptions) {
    this.description = description;
    this.jvmOptions = jvmOptions;
  }

  /** The relayq subcommand, {@code worker} or {@code server}. */
  public String command() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The systemd unit name, {@code relayq-worker.service}. */
  public String unitName() {
    return "relayq-" + command() + ".service";
  }

  /** The launchd label, {@code io.relayq.worker}. */
  public String launchdLabel() {
    return "io.relayq." + command();
  }

  /** One line for {@code Description=} and logs. */
  public String description() {
    return description;
  }

  /** JVM flags the service starts with. */
  public List<String> jvmOptions() {
    return jvmOptions;
  }

  /** Parses {@code worker} or {@code server}, in any case. */
  public static ServiceKind parse(String text) {
    for (ServiceKind k : values()) {
      if (k.command().equalsIgnoreCase(text.strip())) {
        return k;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a service: write worker or server");
  }
}
