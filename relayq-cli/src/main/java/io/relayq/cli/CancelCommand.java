package io.relayq.cli;

import io.relayq.core.JobState;
import io.relayq.core.api.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relayq cancel ID}: cancels a queued job at once, or has a running one killed. */
@Command(
    name = "cancel",
    header = "Cancel a queued or running job.",
    description = {
      "Cancel a job. A queued job is cancelled at once; a running one is killed by",
      "its worker (its whole process group) and then ends as cancelled. A finished",
      "job cannot be cancelled (exit 1).",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class CancelCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "the job id")
  private String id;

  @Option(names = "--json", description = "print the job as JSON (the API's JobView)")
  private boolean json;

  @Override
  protected int execute() {
    JobView job = client().cancel(jobId(id));
    if (json) {
      JsonOutput.print(ctx().out(), job);
    } else if (job.state() == JobState.CANCELLED) {
      ctx().out().println("cancelled " + job.id());
    } else {
      ctx().out().println("cancel requested: " + job.id() + " is running"
          + (job.worker() == null ? "" : " on " + job.worker()) + "; its worker kills it and it ends as cancelled");
    }
    ctx().out().flush();
    return ExitCodes.OK;
  }
}
