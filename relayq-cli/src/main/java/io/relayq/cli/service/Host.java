package io.relayq.cli.service;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The facts about this machine that decide how a service is installed: the operating system, who
 * runs relayq, whether systemd is the init system. Tests describe another machine with their own.
 *
 * @param os the operating system
 * @param uid the user id relayq runs as
 * @param userName that user's name
 * @param home that user's home directory (from {@code HOME})
 * @param env the environment relayq runs with
 * @param systemdBooted whether systemd runs this machine ({@code /run/systemd/system} exists, as
 *     sd_booted(3) checks): false in most containers
 */
public record Host(Os os, long uid, String userName, Path home, Map<String, String> env, boolean systemdBooted) {
  /** The operating systems relayq knows how to install services on, and the rest. */
  public enum Os { LINUX, MACOS, OTHER }

  public Host {
    env = Map.copyOf(env);
  }

  /** This machine, as seen with {@code env}. */
  public static Host current(Map<String, String> env, Path home) {
    String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Os os = name.contains("linux") ? Os.LINUX : name.contains("mac") ? Os.MACOS : Os.OTHER;
    UnixSystem unix = os == Os.OTHER ? null : new UnixSystem();
    return new Host(os, unix == null ? -1 : unix.getUid(), unix == null ? System.getProperty("user.name") : unix.getUsername(),
        home, env, Files.isDirectory(Path.of("/run/systemd/system")));
  }

  /** Whether relayq runs as root. */
  public boolean root() {
    return uid == 0;
  }

  /** {@code PATH}, or the system's usual one when unset. */
  public String path() {
    String p = env.get("PATH");
    return p == null || p.isBlank() ? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" : p;
  }

  /**
   * The home directory of {@code user}: {@code HOME} for the user relayq runs as, else the user
   * database ({@code getent passwd} on Linux, {@code dscl} on macOS).
   *
   * @throws IllegalArgumentException when there is no such user
   */
  public Path homeOf(String user) {
    if (user.equals(userName)) {
      return home;
    }
    if (os == Os.MACOS) {
      HostCommand.Result r = HostCommand.run(List.of("dscl", ".", "-read", "/Users/" + user, "NFSHomeDirectory"));
      String line = r.out().strip();
      int colon = line.indexOf(':');
      if (r.ok() && colon > 0) {
        return Path.of(line.substring(colon + 1).strip());
      }
      throw new IllegalArgumentException("no user '" + user + "' on this Mac (" + r.describe() + ")");
    }
    HostCommand.Result r = HostCommand.run(List.of("getent", "passwd", user));
    String[] fields = r.out().strip().split(":");
    if (r.ok() && fields.length >= 6 && !fields[5].isEmpty()) {
      return Path.of(fields[5]);
    }
    throw new IllegalArgumentException("no user '" + user + "' on this machine (getent passwd " + user
        + " found none): create it, or name another with --run-as USER");
  }
}
