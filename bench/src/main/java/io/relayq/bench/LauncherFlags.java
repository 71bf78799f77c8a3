package io.relayq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags the product's launcher ({@code ./relayq}) gives each command, read from the script
 * itself so the benchmark always runs relayq the way users do. The script has one
 * {@code case} line per group of commands: {@code up|server) jvm_opts=(-XX:+UseSerialGC ...) ;;}.
 */
record LauncherFlags(Map<String, List<String>> byPattern) {
  private static final Pattern CASE_LINE = Pattern.compile("^\\s*([\\w|*]+)\\)\\s*jvm_opts=\\(([^)]*)\\)\\s*;;");

  /**
   * Reads {@code launcher}.
   *
   * @throws BenchException when the file cannot be read or has no {@code jvm_opts} lines (its
   *     format changed: this class must follow it)
   */
  static LauncherFlags read(Path launcher) {
    String text;
    try {
      text = Files.readString(launcher);
    } catch (IOException e) {
      throw new BenchException("cannot read the launcher " + launcher + " for its JVM flags: " + e.getMessage(), e);
    }
    return parse(text, launcher.toString());
  }

  static LauncherFlags parse(String script, String source) {
    Map<String, List<String>> flags = new LinkedHashMap<>();
    for (String line : script.split("\n")) {
      Matcher m = CASE_LINE.matcher(line);
      if (m.find()) {
        List<String> opts = Arrays.stream(m.group(2).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        for (String pattern : m.group(1).split("\\|")) {
          flags.put(pattern, opts);
        }
      }
    }
    if (!flags.containsKey("*") || !flags.containsKey("server") || !flags.containsKey("worker")) {
      throw new BenchException("found no 'server) / worker) / *) jvm_opts=(...)' case lines in " + source
          + " (found " + flags.keySet() + "): the launcher's format changed; update LauncherFlags to read it");
    }
    return new LauncherFlags(Map.copyOf(flags));
  }

  /** The flags of {@code relayq server}. */
  List<String> server() {
    return forCommand("server");
  }

  /** The flags of {@code relayq worker}. */
  List<String> worker() {
    return forCommand("worker");
  }

  /** The flags of short commands such as {@code relayq --help}. */
  List<String> shortCommand() {
    return byPattern.get("*");
  }

  private List<String> forCommand(String command) {
    return byPattern.getOrDefault(command, byPattern.get("*"));
  }
}
