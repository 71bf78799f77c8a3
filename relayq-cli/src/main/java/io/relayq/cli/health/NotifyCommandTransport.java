package io.relayq.cli.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends notifications by running {@code systemd-notify}: the fallback on Java 21, where
 * {@link LibcDatagramTransport} is not available. The message then comes from that program's pid,
 * not the service's main pid, so the unit needs {@code NotifyAccess=all} (install-service writes
 * it when the service's Java is 21). systemd 246 and newer make the program wait until systemd has
 * read the message, so it is not lost when the short-lived sender is gone before systemd could
 * tell which service it belongs to.
 */
final class NotifyCommandTransport implements NotifyTransport {
  private static final long TIMEOUT_SECONDS = 10;

  private final Path program;

  private NotifyCommandTransport(Path program) {
    this.program = program;
  }

  /** The transport when {@code systemd-notify} is on {@code path}. */
  static Optional<NotifyCommandTransport> find(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, "systemd-notify");
        if (Files.isExecutable(p)) {
          return Optional.of(new NotifyCommandTransport(p));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void send(String socket, String message) throws IOException {
    List<String> argv = new ArrayList<>(List.of(program.toString()));
    argv.addAll(message.lines().toList());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("NOTIFY_SOCKET", socket);
    Process p = pb.start();
    p.getOutputStream().close();
    try {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(program + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(program + " exited " + p.exitValue() + (output.isEmpty() ? "" : ": " + output));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + program, e);
    }
  }

  @Override
  public String describe() {
    return program + " (needs NotifyAccess=all)";
  }
}
