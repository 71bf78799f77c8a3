package io.relayq.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this machine's relayq tools find the coordinator and the token, in the same order as the
 * CLI: {@code RELAYQ_SERVER}, else {@code server:} in the config file, else
 * {@value #DEFAULT_SERVER}; {@code RELAYQ_TOKEN}, else {@code token:}, else, for a coordinator on
 * this machine, the {@link LocalTokenFile} its first start wrote, else none. The config file is
 * {@code RELAYQ_CONFIG} when set (it must exist), else {@code ~/.relayq/config.yml} when it exists.
 * The server setting may list several coordinators, comma-separated (or as {@code [a, b]} in the
 * file); the client fails over between them.
 *
 * @param servers the coordinators, in the order given
 * @param serverSource where the server URL came from, for messages ({@code RELAYQ_SERVER},
 *     {@code server: in /home/me/.relayq/config.yml} or {@code default})
 * @param tokenSource where the token came from, or null without a token
 * @param caFile the CA certificates to trust for {@code https://}: {@code RELAYQ_CA_FILE}, else
 *     {@code ca_file:}; null for the JDK's trust store
 */
record LocalConfig(List<URI> servers, String token, String serverSource, String tokenSource, Path caFile) {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8750";

  /**
   * Reads the settings from {@code env} and the config file it points to.
   *
   * @throws IllegalArgumentException when {@code RELAYQ_CONFIG} names a missing file, the file is
   *     outside the supported subset or has an unknown key, or the server is not an http(s) URL
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  static LocalConfig load(Map<String, String> env) {
    Path file = configFile(env);
    Map<String, String> values = Map.of();
    if (Files.exists(file)) {
      try {
        values = ConfigFile.topLevel(Files.readString(file), file.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the relayq config file " + file + ": " + e.getMessage(), e);
      }
    } else if (set(env, "RELAYQ_CONFIG")) {
      throw new IllegalArgumentException("RELAYQ_CONFIG points to " + file + ", which does not exist: create it or"
          + " unset RELAYQ_CONFIG");
    }
    String server;
    String source;
    if (set(env, "RELAYQ_SERVER")) {
      server = env.get("RELAYQ_SERVER").strip();
      source = "RELAYQ_SERVER";
    } else if (values.get("server") != null) {
      server = values.get("server");
      source = "server: in " + file;
    } else {
      server = DEFAULT_SERVER;
      source = "default";
    }
    String token = null;
    String tokenSource = null;
    if (set(env, "RELAYQ_TOKEN")) {
      token = env.get("RELAYQ_TOKEN").strip();
      tokenSource = "RELAYQ_TOKEN";
    } else if (values.get("token") != null) {
      token = values.get("token");
      tokenSource = "token: in " + file;
    }
    List<URI> servers;
    try {
      servers = ServerRotation.parse(server);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    if (token == null && servers.stream().allMatch(s -> LocalTokenFile.isOnThisMachine(s))) {
      Optional<String> local = LocalTokenFile.readFor(servers.get(0), env);
      if (local.isPresent()) {
        token = local.get();
        tokenSource = LocalTokenFile.path(env).toString();
      }
    }
    Path caFile = null;
    if (set(env, "RELAYQ_CA_FILE")) {
      caFile = Path.of(env.get("RELAYQ_CA_FILE").strip());
    } else if (values.get("ca_file") != null) {
      String value = values.get("ca_file");
      caFile = value.startsWith("~/") ? Path.of(home(env), value.substring(2)) : Path.of(value);
    }
    return new LocalConfig(servers, token, source, tokenSource, caFile);
  }

  /** The first coordinator listed. */
  URI server() {
    return servers.get(0);
  }

  /** {@code RELAYQ_CONFIG} when set, else {@code $HOME/.relayq/config.yml}. */
  static Path configFile(Map<String, String> env) {
    if (set(env, "RELAYQ_CONFIG")) {
      return Path.of(env.get("RELAYQ_CONFIG"));
    }
    return Path.of(home(env), ".relayq", "config.yml");
  }

  private static String home(Map<String, String> env) {
    return set(env, "HOME") ? env.get("HOME") : System.getProperty("user.home");
  }

  private static boolean set(Map<String, String> env, String name) {
    return env.get(name) != null && !env.get(name).isBlank();
  }
}
