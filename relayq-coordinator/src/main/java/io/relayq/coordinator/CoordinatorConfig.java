package io.relayq.coordinator;

import io.relayq.core.template.TemplateCatalog;
import java.time.Duration;
import java.util.Objects;

/**
 * How a coordinator listens and paces itself. Validated once, when built; a bad value is refused
 * with a message that names the setting, the value and the allowed range.
 *
 * @param bind the address to listen on; loopback by default, since the API runs shell commands
 * @param port the TCP port; 0 picks any free port (see {@link Coordinator#port()})
 * @param heartbeatInterval how often workers are told to renew their leases
 * @param reaperInterval how often expired leases are looked for
 * @param workerOfflineAfter a worker not heard from (poll or heartbeat) for this long shows offline
 * @param maxPollWait the longest a worker's long poll is held open
 * @param maxJsonBytes the largest JSON request body accepted
 * @param maxOutputChunkBytes the largest raw output chunk a worker may send in one call
 * @param alerts webhook alerts; {@link AlertConfig#none()} by default
 * @param retention how long finished jobs, their output and history are kept before they are pruned;
 *     zero keeps them for ever
 * @param templates the job templates jobs may name; {@link TemplateCatalog#builtins()} by default
 * @param maxOutputBytes the most output one attempt of a job may store, both streams together;
 *     what comes after is dropped, marked by one line saying so
 * @param files where job files go and how large one may be; {@link JobFileSettings#defaults()} by default
 */
public record CoordinatorConfig(
    String bind,
    int port,
    Duration heartbeatInterval,
    Duration reaperInterval,
    Duration workerOfflineAfter,
    Duration maxPollWait,
    int maxJsonBytes,
    int maxOutputChunkBytes,
    AlertConfig alerts,
    TemplateCatalog templates,
    Duration retention,
    long maxOutputBytes,
    JobFileSettings files) {

  /** Finished jobs are kept this long, then pruned with their output and history. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);
  private static final Duration MAX_RETENTION = Duration.ofDays(3650);
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8750;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REAPER_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_WORKER_OFFLINE_AFTER = Duration.ofSeconds(20);
  public static final Duration DEFAULT_MAX_POLL_WAIT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_JSON_BYTES = 4 * 1024 * 1024;
  public static final int DEFAULT_MAX_OUTPUT_CHUNK_BYTES = 1024 * 1024;
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;
  private static final long MIN_OUTPUT_BYTES = 1024;
  private static final long MAX_OUTPUT_BYTES = 1024L * 1024 * 1024 * 1024;

  private static final Duration MAX_INTERVAL = Duration.ofHours(1);
  private static final Duration MAX_POLL_WAIT_LIMIT = Duration.ofMinutes(10);
  private static final int MIN_BODY_BYTES = 1024;
  private static final int MAX_BODY_BYTES = 256 * 1024 * 1024;

  public CoordinatorConfig {
    Objects.requireNonNull(bind, "bind");
    if (bind.isBlank()) {
      throw new IllegalArgumentException("bind: the address is empty; use 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " is out of range 0..65535 (0 picks any free port)");
    }
    positive("heartbeatInterval", heartbeatInterval, MAX_INTERVAL);
    positive("reaperInterval", reaperInterval, MAX_INTERVAL);
    positive("workerOfflineAfter", workerOfflineAfter, MAX_INTERVAL);
    positive("maxPollWait", maxPollWait, MAX_POLL_WAIT_LIMIT);
    if (workerOfflineAfter.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("workerOfflineAfter: " + workerOfflineAfter.toMillis()
          + "ms must be longer than heartbeatInterval (" + heartbeatInterval.toMillis()
          + "ms), or every worker would flap offline between two heartbeats");
    }
    bytes("maxJsonBytes", maxJsonBytes);
    bytes("maxOutputChunkBytes", maxOutputChunkBytes);
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.compareTo(MAX_RETENTION) > 0) {
      throw new IllegalArgumentException("retention: " + retention.toSeconds() + "s is out of range 0s.."
          + MAX_RETENTION.toDays() + "d (0 keeps finished jobs for ever)");
    }
    Objects.requireNonNull(templates, "templates");
    if (maxOutputBytes < MIN_OUTPUT_BYTES || maxOutputBytes > MAX_OUTPUT_BYTES) {
      throw new IllegalArgumentException("maxOutputBytes: " + maxOutputBytes + " bytes is out of range "
          + MIN_OUTPUT_BYTES + ".." + MAX_OUTPUT_BYTES);
    }
    Objects.requireNonNull(files, "files");
  }

  /** Every setting at its default: loopback, port 8750. */
  public static CoordinatorConfig defaults() {
    return new CoordinatorConfig(DEFAULT_BIND, DEFAULT_PORT, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_REAPER_INTERVAL,
        DEFAULT_WORKER_OFFLINE_AFTER, DEFAULT_MAX_POLL_WAIT, DEFAULT_MAX_JSON_BYTES, DEFAULT_MAX_OUTPUT_CHUNK_BYTES,
        AlertConfig.none(), TemplateCatalog.builtins(), DEFAULT_RETENTION, DEFAULT_MAX_OUTPUT_BYTES,
        JobFileSettings.defaults());
  }

  public CoordinatorConfig withBind(String bind) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withPort(int port) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withHeartbeatInterval(Duration heartbeatInterval) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withReaperInterval(Duration reaperInterval) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withWorkerOfflineAfter(Duration workerOfflineAfter) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withMaxPollWait(Duration maxPollWait) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withMaxJsonBytes(int maxJsonBytes) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withMaxOutputChunkBytes(int maxOutputChunkBytes) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withAlerts(AlertConfig alerts) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withTemplates(TemplateCatalog templates) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withRetention(Duration retention) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withMaxOutputBytes(long maxOutputBytes) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  public CoordinatorConfig withFiles(JobFileSettings files) {
    return new CoordinatorConfig(bind, port, heartbeatInterval, reaperInterval, workerOfflineAfter, maxPollWait,
        maxJsonBytes, maxOutputChunkBytes, alerts, templates, retention, maxOutputBytes, files);
  }

  private static void positive(String name, Duration value, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + ": " + value.toMillis() + "ms is out of range 1ms.." + max.toMillis() + "ms");
    }
  }

  private static void bytes(String name, int value) {
    if (value < MIN_BODY_BYTES || value > MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          name + ": " + value + " bytes is out of range " + MIN_BODY_BYTES + ".." + MAX_BODY_BYTES);
    }
  }
}
