package io.relayq.cli;

import io.relayq.client.LocalTokenFile;
import io.relayq.client.TlsTrust;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What every command gets from the process it runs in: its output streams, environment and stop
 * signal, plus the config file, read once on first use. Tests build one with captured streams and
 * an environment of their own.
 */
public final class CliContext {
  /** Set by the launcher to how the user called it, like {@code ./relayq}; used in hints. */
  public static final String PROG_ENV = "RELAYQ_PROG";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final StopSignal stopSignal;
  private CliConfig config;
  private ServerAddress server;
  private boolean warnedOpenFile;

  public CliContext(PrintStream out, PrintStream err, Map<String, String> env, StopSignal stopSignal) {
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.stopSignal = stopSignal;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public Map<String, String> env() {
    return env;
  }

  public StopSignal stopSignal() {
    return stopSignal;
  }

  /** The config file's settings; a broken file is a usage {@link CliException}. */
  public synchronized CliConfig config() {
    if (config == null) {
      config = ConfigLoader.load(env);
    }
    return config;
  }

  /** The config file, shown as the user would type it. */
  public String configFileForDisplay() {
    return UserDirs.display(ConfigLoader.configFile(env), env);
  }

  /** {@code ~/.relayq} of this environment. */
  public Path relayqHome() {
    return UserDirs.relayqHome(env);
  }

  /** How to call relayq in a hint the user can paste: {@code ./relayq} from the launcher. */
  public String prog() {
    String prog = env.get(PROG_ENV);
    return prog == null || prog.isBlank() ? "relayq" : prog;
  }

  /** Prints a note to stderr, prefixed so it stands apart from a job's own output. */
  public void note(String message) {
    err.println("relayq: " + message);
    err.flush();
  }

  /**
   * Where the command talks to, by precedence: flag, {@code RELAYQ_SERVER}, config, default. The
   * config file is read even when a flag wins: a typo in it must not go unnoticed.
   */
  public synchronized ServerAddress server(String flag) {
    server = ServerAddress.resolve(flag, env, config(), configFileForDisplay());
    return server;
  }

  /** The address the command resolved last, for error messages; null before any. */
  synchronized ServerAddress lastServer() {
    return server;
  }

  /**
   * The bearer token for {@code servers}: {@code --token}, else {@code RELAYQ_TOKEN}, else
   * {@code token:} in the config file, else for a coordinator on this machine the token file its
   * first start wrote ({@code ~/.relayq/token}), else null. A file holding the token that others
   * may read gets a warning on stderr (the token itself is never printed).
   */
  public synchronized String token(String flag, List<URI> servers) {
    if (flag != null && !flag.isBlank()) {
      return flag.strip();
    }
    String fromEnv = env.get("RELAYQ_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    if (config().token() != null) {
      warnIfOpen(ConfigLoader.configFile(env));
      return config().token();
    }
    if (!servers.stream().allMatch(LocalTokenFile::isOnThisMachine)) {
      return null;
    }
    Optional<String> local = LocalTokenFile.readFor(servers.get(0), env);
    local.ifPresent(t -> warnIfOpen(LocalTokenFile.path(env)));
    return local.orElse(null);
  }

  /**
   * How {@code https://} servers are verified: the CA file from {@code --ca-file}, else
   * {@code RELAYQ_CA_FILE}, else {@code ca_file:} in the config file; null (the system's trust
   * store) when none is set. An unusable file is a usage error naming where it was set.
   */
  public SSLContext tls(Path flag) {
    Path file;
    String source;
    String fromEnv = env.get("RELAYQ_CA_FILE");
    if (flag != null) {
      file = flag;
      source = "--ca-file";
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      file = UserDirs.expand(fromEnv.strip(), env);
      source = "RELAYQ_CA_FILE";
    } else if (config().caFile() != null && !config().caFile().isBlank()) {
      file = UserDirs.expand(config().caFile().strip(), env);
      source = "ca_file: in " + configFileForDisplay();
    } else {
      return null;
    }
    try {
      return TlsTrust.caFile(file);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(source + ": " + e.getMessage());
    }
  }

  private void warnIfOpen(Path file) {
    if (!warnedOpenFile && LocalTokenFile.isOpenToOthers(file)) {
      warnedOpenFile = true;
      note("warning: " + UserDirs.display(file, env) + " holds a token but others may read it; make it private: chmod 600 "
          + UserDirs.display(file, env));
    }
  }
}
