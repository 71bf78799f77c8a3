package io.relayq.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code relayq progress PCT [TEXT]}: run inside a job, reports its progress. Appends one line to
 * the file the worker named in {@code $RELAYQ_PROGRESS_FILE}; the worker reads the last line.
 */
@Command(
    name = "progress",
    header = "Report the running job's progress (run it inside a job).",
    description = {
      "Report how far the job this command runs in has come: PCT (0-100) and an",
      "optional short status line, shown by status, run, the dashboard and the API.",
      "It writes the line 'PCT TEXT' to $RELAYQ_PROGRESS_FILE, which the worker sets",
      "for every job; any program can write that file itself instead.",
      "Outside a job (no RELAYQ_PROGRESS_FILE) it exits " + ExitCodes.USAGE + ".",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class ProgressCommand implements Callable<Integer> {
  static final String ENV = "RELAYQ_PROGRESS_FILE";
  private static final int MAX_TEXT = 200;

  @ParentCommand
  private RelayqCommand root;

  @Parameters(index = "0", paramLabel = "PCT", description = "how far the job has come, 0-100")
  private String percent;

  @Parameters(index = "1..*", paramLabel = "TEXT", arity = "0..*", description = "a short status line")
  private List<String> text;

  @Override
  public Integer call() {
    CliContext ctx = root.ctx();
    String file = ctx.env().get(ENV);
    if (file == null || file.isBlank()) {
      throw CliException.usage("not inside a relayq job: " + ENV + " is not set (the worker sets it for each job it"
          + " runs)");
    }
    int pct = percent(percent);
    String line = text == null || text.isEmpty() ? Integer.toString(pct)
        : pct + " " + String.join(" ", text).replaceAll("\\s+", " ").strip();
    if (line.length() > MAX_TEXT + 4) {
      throw CliException.usage("the status text is " + (line.length() - 4) + " characters long; at most " + MAX_TEXT);
    }
    try {
      Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot write the progress file " + file + ": " + e.getMessage());
    }
    return ExitCodes.OK;
  }

  private static int percent(String value) {
    try {
      double v = Double.parseDouble(value.endsWith("%") ? value.substring(0, value.length() - 1) : value);
      if (v >= 0 && v <= 100) {
        return (int) Math.floor(v);
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw CliException.usage("'" + value + "' is not a progress percentage; give a number from 0 to 100");
  }
}
