package io.relayq.cli.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a program of the host (systemctl, launchctl, getent, java) and captures what it printed. */
public final class HostCommand {
  /** How long a service manager command may take: starting a Type=notify worker waits for its registration. */
  static final long TIMEOUT_SECONDS = 120;

  private HostCommand() {}

  /**
   * What a program printed and how it exited.
   *
   * @param exitCode its exit code; 127 when it could not be started at all
   */
  public record Result(List<String> argv, int exitCode, String out, String err) {
    /** Whether it exited 0. */
    public boolean ok() {
      return exitCode == 0;
    }

    /** One line for an error message: the command, its exit code and what it said. */
    public String describe() {
      String said = (err.isBlank() ? out : err).strip();
      return "`" + String.join(" ", argv) + "` exited " + exitCode + (said.isEmpty() ? "" : ": " + said);
    }
  }

  /** Runs {@code argv} to its end (at most {@value #TIMEOUT_SECONDS} s); never throws for a failing program. */
  public static Result run(List<String> argv) {
    Process p;
    try {
      p = new ProcessBuilder(argv).start();
      p.getOutputStream().close();
    } catch (IOException e) {
      return new Result(argv, 127, "", "cannot run " + argv.get(0) + ": " + e.getMessage());
    }
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(argv, 124, out, "did not finish within " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(argv, 130, out, "interrupted");
    }
    return new Result(argv, p.exitValue(), out, err.join());
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
