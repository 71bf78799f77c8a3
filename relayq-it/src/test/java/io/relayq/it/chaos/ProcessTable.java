package io.relayq.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The live processes of one process group, read from {@code /proc} (zombies do not count). */
final class ProcessTable {
  private ProcessTable() {}

  static List<Long> liveMembersOf(long pgid) {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path p : procs) {
        String stat;
        try {
          stat = Files.readString(p.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (Long.parseLong(f[2]) == pgid && !f[0].equals("Z") && !f[0].equals("X")) {
          members.add(Long.parseLong(p.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return members;
  }
}
