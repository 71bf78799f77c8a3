package io.relayq.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Looks at processes through /proc, the way a test can check what a job left behind. */
final class Procs {
  private Procs() {}

  /** Whether {@code pid} runs; a zombie (dead, not yet reaped) does not count. */
  static boolean isRunning(long pid) {
    String[] f = stat(pid);
    return f != null && !f[0].equals("Z") && !f[0].equals("X");
  }

  /** The process group of {@code pid}. */
  static long processGroup(long pid) {
    return Long.parseLong(stat(pid)[2]);
  }

  /** The stat fields after the command name: [0] is field 3 (state), [16] is field 19 (nice). */
  static String[] parseStat(String text) {
    return text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
  }

  static long readPid(Path file) throws IOException {
    return Long.parseLong(Files.readString(file).trim());
  }

  private static String[] stat(long pid) {
    try {
      return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (NoSuchFileException gone) {
      return null;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
