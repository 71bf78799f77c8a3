package io.relayq.cli;

import io.relayq.core.Attempt;
import io.relayq.core.Durations;
import io.relayq.core.JobState;
import io.relayq.core.TemplateUse;
import io.relayq.core.api.JobView;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relayq status ID}: one job, its attempts, and for a queued job why it is not running. */
@Command(
    name = "status",
    header = "Show a job: state, worker, attempts, why it waits.",
    description = {
      "Show a job: its state, command, worker, every attempt and how it ended,",
      "and for a queued job why it is not running yet.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class StatusCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "the job id, like j_0q3c5m8x2kd4h7rt")
  private String id;

  @Option(names = "--json", description = "print the job as JSON (the API's JobView)")
  private boolean json;

  @Override
  protected int execute() {
    JobView job = client().job(jobId(id));
    if (json) {
      JsonOutput.print(ctx().out(), job);
    } else {
      print(ctx().out(), job, Instant.now());
    }
    return ExitCodes.OK;
  }

  /** {@code transcode input=a.mp4 options=[-crf, 23]}: values quoted where a shell would need it. */
  static String template(TemplateUse use) {
    StringBuilder b = new StringBuilder(use.name());
    use.params().forEach((k, v) -> b.append(' ').append(k).append('=').append(v instanceof List<?> l
        ? "[" + String.join(", ", l.stream().map(e -> ShellWords.quote(String.valueOf(e))).toList()) + "]"
        : ShellWords.quote(String.valueOf(v))));
    return b.toString();
  }

  static void print(PrintStream out, JobView job, Instant now) {
    out.println(job.id() + "  " + JobText.state(job));
    field(out, "command", job.command());
    if (job.spec() != null && job.spec().template() != null) {
      field(out, "template", template(job.spec().template()));
    }
    field(out, "worker", job.worker() != null ? job.worker() : target(job));
    field(out, "attempts", job.attempt() + " of " + job.maxAttempts());
    if (job.exitCode() != null) {
      field(out, "exit code", job.exitCode().toString());
    }
    if (job.state() == JobState.QUEUED && job.waiting() != null) {
      field(out, "waiting", job.waiting());
    }
    if (job.message() != null && !job.message().isBlank()) {
      field(out, "message", job.message());
    }
    if (job.progress() != null) {
      field(out, "progress", job.progress() + "%" + (job.progressText() == null ? "" : " " + job.progressText()));
    }
    if (job.key() != null) {
      field(out, "key", job.key());
    }
    field(out, "created", TimeText.at(job.createdAt(), now));
    if (job.runAt() != null && job.state() == JobState.QUEUED && job.runAt().isAfter(now)) {
      field(out, "starts", TimeText.at(job.runAt(), now));
    }
    if (job.startedAt() != null) {
      field(out, "started", TimeText.at(job.startedAt(), now));
    }
    if (job.finishedAt() != null) {
      field(out, "finished", TimeText.at(job.finishedAt(), now));
    }
    if (job.spec() != null) {
      field(out, "timeout", Durations.format(job.spec().timeout()));
    }
    if (job.attempts() != null && !job.attempts().isEmpty()) {
      out.println();
      Table t = new Table("attempt", "worker", "started", "took", "result");
      for (Attempt a : job.attempts()) {
        Instant end = a.endedAt() != null ? a.endedAt() : now;
        t.row(a.number(), a.worker(), TimeText.ago(a.startedAt(), now),
            a.startedAt() == null ? null : TimeText.compact(Duration.between(a.startedAt(), end)),
            JobText.attemptResult(a, job));
      }
      t.print(out);
    }
    out.flush();
  }

  private static String target(JobView job) {
    if (job.spec() == null) {
      return null;
    }
    StringBuilder t = new StringBuilder();
    if (job.spec().worker() != null) {
      t.append("only ").append(job.spec().worker());
    }
    if (!job.spec().labels().isEmpty()) {
      t.append(t.isEmpty() ? "" : ", ").append("needs labels ").append(String.join(", ", job.spec().labels()));
    }
    return t.isEmpty() ? null : t.toString();
  }

  private static void field(PrintStream out, String name, String value) {
    if (value != null) {
      out.printf("%-10s%s%n", name, value);
    }
  }
}
