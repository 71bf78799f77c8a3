package io.relayq.worker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Labels a worker advertises about itself: {@code os:linux} or {@code os:darwin},
 * {@code arch:x86_64} or {@code arch:arm64}, and {@code has:TOOL} for each well-known tool found
 * as an executable file on {@code PATH}. Looks at files only; never runs anything.
 */
public final class LabelDetector {
  /** Tools jobs commonly need, advertised as {@code has:TOOL}. */
  public static final List<String> TOOLS = List.of("ffmpeg", "whisper", "python3", "node", "docker", "git");

  private LabelDetector() {}

  /** The labels of this machine and this process's {@code PATH}. */
  public static List<String> detect() {
    return detect(System.getProperty("os.name"), System.getProperty("os.arch"), System.getenv("PATH"));
  }

  static List<String> detect(String osName, String osArch, String path) {
    List<String> labels = new ArrayList<>();
    labels.add("os:" + os(osName));
    labels.add("arch:" + arch(osArch));
    for (String tool : TOOLS) {
      if (findExecutable(tool, path) != null) {
        labels.add("has:" + tool);
      }
    }
    return labels;
  }

  static String os(String osName) {
    String n = osName.toLowerCase(Locale.ROOT);
    if (n.startsWith("mac") || n.startsWith("darwin")) {
      return "darwin";
    }
    if (n.startsWith("windows")) {
      return "windows";
    }
    return sanitize(n);
  }

  static String arch(String osArch) {
    String a = osArch.toLowerCase(Locale.ROOT);
    return switch (a) {
      case "amd64", "x86_64", "x64" -> "x86_64";
      case "aarch64", "arm64" -> "arm64";
      default -> sanitize(a);
    };
  }

  /** The first executable regular file named {@code program} in the directories of {@code path}, or null. */
  static Path findExecutable(String program, String path) {
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      try {
        Path candidate = Path.of(dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      } catch (InvalidPathException ignored) {
        // a malformed PATH entry cannot hold the tool
      }
    }
    return null;
  }

  /** Keeps a label value within the label syntax whatever the JVM reports. */
  private static String sanitize(String value) {
    String s = value.replaceAll("[^a-z0-9._-]", "_");
    return s.isEmpty() ? "unknown" : s;
  }
}
