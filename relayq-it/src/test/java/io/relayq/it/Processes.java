package io.relayq.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Looks at the real process table. */
public final class Processes {
  private Processes() {}

  /**
   * True when the process exists and is not a zombie. A zombie has exited and only waits to be
   * reaped by its parent, which in a container may never happen.
   */
  public static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  public static long readPid(Path file) throws IOException {
    return Long.parseLong(Files.readString(file).trim());
  }
}
