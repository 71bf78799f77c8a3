package io.relayq.cli;

import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.coordinator.JobFileSettings;
import io.relayq.coordinator.TlsIdentity;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a coordinator listens and keeps its data: shared by {@code up} and {@code server}. */
final class ServeOptions {
  private static final int MAX_OUTPUT_MB = 1024 * 1024;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + CoordinatorConfig.DEFAULT_PORT,
      description = "TCP port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = CoordinatorConfig.DEFAULT_BIND,
      description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface)")
  String bind;

  @Option(names = "--retention", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      defaultValue = "${env:RELAYQ_RETENTION:-14d}",
      description = "prune finished jobs, their output and history this long after they ended; 0 keeps them"
          + " for ever (default: 14d, or RELAYQ_RETENTION)")
  java.time.Duration retention;

  @Option(names = "--max-output-mb", paramLabel = "MIB",
      description = "store at most this much output per job attempt, then one line saying it was truncated;"
          + " the job runs on (default: max_output_mb: in ~/.relayq/config.yml, else 64)")
  Integer maxOutputMb;

  @Option(names = "--max-file-mb", paramLabel = "MIB", defaultValue = "2048",
      description = "accept job input and output files up to this size each (default: 2048)")
  long maxFileMb;

  @Option(names = "--data", paramLabel = "DIR",
      description = "data directory; the store is DIR/" + EmbeddedCoordinator.DB_FILE + " (default: ~/.relayq/data)")
  Path data;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "serve HTTPS only, with this PEM certificate chain (server certificate first); needs --tls-key"
          + " (default: $RELAYQ_TLS_CERT, else tls_cert: in ~/.relayq/config.yml)")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "the PEM private key of --tls-cert, unencrypted PKCS#8 or PKCS#1 RSA"
          + " (default: $RELAYQ_TLS_KEY, else tls_key: in ~/.relayq/config.yml)")
  Path tlsKey;

  /**
   * The certificate and key to serve HTTPS with: each from its flag, else its variable, else the
   * config file; null when none is set. Only one of the two, or files that cannot be used, is a
   * usage error that names them.
   */
  TlsIdentity tls(CliContext ctx) {
    Path cert = setting(tlsCert, "RELAYQ_TLS_CERT", ctx.config().tlsCert(), ctx);
    Path key = setting(tlsKey, "RELAYQ_TLS_KEY", ctx.config().tlsKey(), ctx);
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw CliException.usage("TLS needs both a certificate and its key: " + (cert == null
          ? "--tls-key " + key + " was given without --tls-cert FILE" : "--tls-cert " + cert
          + " was given without --tls-key FILE") + " (or RELAYQ_TLS_CERT / RELAYQ_TLS_KEY, tls_cert: / tls_key:)");
    }
    try {
      return TlsIdentity.load(cert, key);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("cannot serve HTTPS: " + e.getMessage());
    }
  }

  private static Path setting(Path flag, String variable, String configured, CliContext ctx) {
    if (flag != null) {
      return flag;
    }
    String value = ctx.env().get(variable);
    if (value != null && !value.isBlank()) {
      return UserDirs.expand(value.strip(), ctx.env());
    }
    return configured == null || configured.isBlank() ? null : UserDirs.expand(configured.strip(), ctx.env());
  }

  /** The output cap per attempt in bytes: {@code --max-output-mb}, else the config file, else 64 MiB. */
  long maxOutputBytes(CliContext ctx) {
    Integer mb = maxOutputMb != null ? maxOutputMb : ctx.config().maxOutputMb();
    if (mb == null) {
      return CoordinatorConfig.DEFAULT_MAX_OUTPUT_BYTES;
    }
    if (mb < 1 || mb > MAX_OUTPUT_MB) {
      throw CliException.usage("--max-output-mb: " + mb + " is out of range 1.." + MAX_OUTPUT_MB
          + (maxOutputMb == null ? " (max_output_mb: in " + ctx.configFileForDisplay() + ")" : ""));
    }
    return mb * 1024L * 1024L;
  }

  /** Job file settings: the per-file bound of {@code --max-file-mb}; files kept in the store. */
  JobFileSettings files() {
    try {
      return new JobFileSettings(maxFileMb * 1024L * 1024L, null);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--max-file-mb: " + maxFileMb + " is out of range 1..1048576");
    }
  }

  /** The data directory: {@code --data}, else {@code ~/.relayq/data}. */
  Path dataDir(CliContext ctx) {
    return data != null ? data : ctx.relayqHome().resolve("data");
  }
}
