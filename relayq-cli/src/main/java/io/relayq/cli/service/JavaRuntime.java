package io.relayq.cli.service;

import io.relayq.cli.Main;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Java and the relayq jar a service runs, found from this process or given by the user. */
public final class JavaRuntime {
  private static final Pattern VERSION = Pattern.compile("version \"(1\\.)?([0-9]+)");

  private JavaRuntime() {}

  /** The {@code java} of this JVM. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * The feature version (21, 25...) of {@code java}: this JVM's own when it is this JVM, else what
   * {@code java -version} says.
   *
   * @throws IllegalArgumentException when it does not run or says no version
   */
  public static int feature(Path java) {
    if (java.toAbsolutePath().normalize().equals(currentJava().toAbsolutePath().normalize())) {
      return Runtime.version().feature();
    }
    if (!Files.isExecutable(java)) {
      throw new IllegalArgumentException("--java " + java + " is not an executable file");
    }
    HostCommand.Result r = HostCommand.run(List.of(java.toString(), "-version"));
    Matcher m = VERSION.matcher(r.err() + r.out());
    if (!r.ok() || !m.find()) {
      throw new IllegalArgumentException("cannot tell the version of " + java + " (" + r.describe() + ")");
    }
    return Integer.parseInt(m.group(2));
  }

  /** The relayq jar this process runs from; empty when it runs from class directories (a build, a test). */
  public static Optional<Path> runningJar() {
    CodeSource source = Main.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path p = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
