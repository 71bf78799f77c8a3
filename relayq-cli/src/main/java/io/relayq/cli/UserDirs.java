package io.relayq.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where relayq keeps its files for the current user: {@code ~/.relayq}. */
final class UserDirs {
  private UserDirs() {}

  /** {@code $HOME/.relayq}; {@code HOME} comes from the given environment so tests can move it. */
  static Path relayqHome(Map<String, String> env) {
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home");
    }
    return Path.of(home, ".relayq");
  }

  /** A path from a config file or variable: {@code ~/x} means the user's home, as it would in a shell. */
  static Path expand(String path, Map<String, String> env) {
    if (path.equals("~") || path.startsWith("~/")) {
      return relayqHome(env).getParent().resolve(path.equals("~") ? "" : path.substring(2));
    }
    return Path.of(path);
  }

  /** Shows a path with the home directory written as {@code ~}, as a user would type it. */
  static String display(Path path, Map<String, String> env) {
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home");
    }
    Path abs = path.toAbsolutePath().normalize();
    Path h = Path.of(home).toAbsolutePath().normalize();
    return abs.startsWith(h) && !abs.equals(h) ? "~/" + h.relativize(abs) : abs.toString();
  }
}
