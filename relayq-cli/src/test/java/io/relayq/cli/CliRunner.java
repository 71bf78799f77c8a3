package io.relayq.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process, as a user would from a shell, and captures what it prints. */
final class CliRunner {
  private final Map<String, String> env;

  CliRunner(Map<String, String> env) {
    this.env = env;
  }

  /** What one command printed and how it exited. */
  record Result(int exitCode, String out, String err) {}

  CliRunner withEnv(String name, String value) {
    Map<String, String> more = new HashMap<>(env);
    more.put(name, value);
    return new CliRunner(more);
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, env);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
