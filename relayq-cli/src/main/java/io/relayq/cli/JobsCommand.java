package io.relayq.cli;

import io.relayq.core.JobState;
import io.relayq.core.api.JobList;
import io.relayq.core.api.JobView;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relayq jobs}: a page of jobs, newest first, filtered by state, worker or label. */
@Command(
    name = "jobs",
    header = "List jobs, newest first.",
    footer = ExitCodes.HELP_FOOTER)
final class JobsCommand extends ClientCommand {
  private static final int COMMAND_WIDTH = 60;

  @Option(names = "--state", paramLabel = "STATE", description = "only jobs in this state: queued, running, succeeded, failed, cancelled")
  private String state;

  @Option(names = "--worker", paramLabel = "NAME", description = "only jobs run by this worker")
  private String worker;

  @Option(names = "--label", paramLabel = "LABEL", converter = Converters.LabelConverter.class,
      description = "only jobs that require this label")
  private String label;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N jobs (default: ${DEFAULT-VALUE})")
  private int limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next page, as printed after the previous one")
  private String cursor;

  @Option(names = "--json", description = "print the page as JSON (the API's JobList)")
  private boolean json;

  @Override
  protected int execute() {
    if (limit < 1) {
      throw CliException.usage("--limit: " + limit + " must be 1 or more");
    }
    JobState wanted = null;
    if (state != null) {
      try {
        wanted = JobState.fromWire(state);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--state: " + e.getMessage());
      }
    }
    JobList page = client().jobs(wanted, worker, label, limit, cursor);
    if (json) {
      JsonOutput.print(ctx().out(), page);
      return ExitCodes.OK;
    }
    Instant now = Instant.now();
    Table t = new Table("id", "state", "worker", "created", "command");
    for (JobView j : page.jobs()) {
      t.row(j.id(), JobText.brief(j), j.worker(), TimeText.ago(j.createdAt(), now), abbreviate(j.command()));
    }
    if (t.size() == 0) {
      ctx().out().println("no jobs" + (state != null || worker != null || label != null ? " match" : " yet"));
    } else {
      t.print(ctx().out());
    }
    if (page.nextCursor() != null) {
      ctx().note("more jobs: add --cursor " + page.nextCursor());
    }
    return ExitCodes.OK;
  }

  private static String abbreviate(String command) {
    String oneLine = command.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= COMMAND_WIDTH ? oneLine : oneLine.substring(0, COMMAND_WIDTH - 3) + "...";
  }
}
