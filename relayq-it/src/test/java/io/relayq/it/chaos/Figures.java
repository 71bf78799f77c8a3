package io.relayq.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Figures a chaos test measured, printed and appended to {@code target/chaos-figures.txt}, where
 * {@code docs/RELIABILITY.md} takes them from.
 */
final class Figures {
  private static final Path FILE = Path.of("target", "chaos-figures.txt");

  private Figures() {}

  static void record(String scenario, String name, Object value) {
    String line = scenario + " | " + name + " | " + value;
    System.out.println("FIGURE " + line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
  }
}
