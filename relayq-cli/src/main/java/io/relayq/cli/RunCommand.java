package io.relayq.cli;

import io.relayq.client.ConflictException;
import io.relayq.client.NotFoundException;
import io.relayq.client.Submitted;
import io.relayq.core.Durations;
import io.relayq.core.EndReason;
import io.relayq.core.InvalidJobException;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import io.relayq.core.api.TemplateView;
import io.relayq.core.files.JobFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code relayq run -- COMMAND...}: submits a shell command and, unless detached, streams its
 * output and exits with its exit code, like {@code ssh host cmd}.
 */
@Command(
    name = "run",
    header = "Run a shell command as a job and wait for it, like ssh.",
    description = {
      "COMMAND runs under /bin/sh -c on a worker. One word is a shell command as written:",
      "  relayq run -- 'for i in 1 2 3; do echo $i; done'",
      "Several words keep their boundaries (each is quoted for the worker's shell):",
      "  relayq run -- sh -c 'echo out; echo err >&2; exit 3'",
      "Options go before COMMAND; from its first word on, everything belongs to it.",
      "Or run one of the coordinator's templates (see: relayq templates) instead of COMMAND:",
      "  relayq run --template transcode --param input=a.mp4 --param output=b.mp4",
      "",
      "Waits by default: the job's stdout goes to stdout and its stderr to stderr,",
      "byte for byte, and relayq exits with the job's exit code. Ctrl-C cancels it.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class RunCommand extends ClientCommand {
  /** Files from this size on show upload progress. */
  private static final long PROGRESS_FROM = 16L * 1024 * 1024;
  @Option(names = "--on", paramLabel = "WORKER", description = "run only on the worker with this name")
  private String worker;

  @Option(names = "--label", paramLabel = "LABEL", converter = Converters.LabelConverter.class,
      description = "run only on a worker that has this label (repeat for several)")
  private List<String> labels;

  @Option(names = "--prefer", paramLabel = "LABEL", converter = Converters.LabelConverter.class,
      description = "prefer a worker with this label (repeat for several): only such a worker may take the job"
          + " during --prefer-wait, then any worker that matches --on and --label")
  private List<String> prefer;

  @Option(names = "--prefer-worker", paramLabel = "WORKER",
      description = "prefer the worker with this name, in the same way as --prefer")
  private String preferWorker;

  @Option(names = "--prefer-wait", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "how long to wait for a preferred worker, from the job's start time (default: 5m)")
  private Duration preferWait;

  @Option(names = "--group", paramLabel = "NAME",
      description = "concurrency group: at most --group-limit jobs of this group run at once, across the cluster")
  private String group;

  @Option(names = "--group-limit", paramLabel = "N",
      description = "how many jobs of --group may run at once (default: 1)")
  private Integer groupLimit;

  @Option(names = "--after", paramLabel = "ID",
      description = "start only once this job succeeded (repeat for several); if it fails or is cancelled,"
          + " this job ends as failed (dependency_failed) without running")
  private List<String> after;

  @Option(names = "--priority", paramLabel = "N",
      description = "higher runs first, -1000..1000 (default: 0)")
  private Integer priority;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "kill an attempt that runs longer, like 30m (default: 5h)")
  private Duration timeout;

  @Option(names = "--lease", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "how long a worker may go silent before the job counts as lost and runs again elsewhere (default: 15s)")
  private Duration lease;

  @Option(names = "--retries", paramLabel = "N",
      description = "attempts after the first when the job exits 75 or is lost (default: 2)")
  private Integer retries;

  @Option(names = "--key", paramLabel = "KEY",
      description = "idempotency key: a second run with the same key and command reuses the first job")
  private String key;

  @ArgGroup(exclusive = true)
  private StartTime start;

  @Option(names = "--env", paramLabel = "K=V", description = "set an environment variable for the job (repeat for several)")
  private Map<String, String> env;

  @Option(names = "--secret-env", paramLabel = "K=V",
      description = "set an environment variable whose value is never shown (API, events, logs, dashboard, status)")
  private Map<String, String> secretEnv;

  @Option(names = "--file", paramLabel = "PATH",
      description = "upload this file; the worker puts it in the job's directory under its file name (repeat for several)")
  private List<Path> files;

  @Option(names = "--collect", paramLabel = "NAME",
      description = "after the job, upload this file from its directory; fetch it with: relayq files ID (repeat for several)")
  private List<String> collect;

  @Option(names = "--cwd", paramLabel = "DIR", description = "working directory on the worker")
  private String cwd;

  @Option(names = "--stdin-file", paramLabel = "FILE", description = "feed this UTF-8 text file to the job's stdin")
  private Path stdinFile;

  @Option(names = "--detach", description = "print the job id and exit at once (0) instead of waiting")
  private boolean detach;

  @Option(names = "--json", description = "print the job as JSON (the API's JobView) instead of its output: "
      + "at once with --detach, else when it ends")
  private boolean json;

  @Option(names = "--template", paramLabel = "NAME",
      description = "run this template of the coordinator instead of COMMAND (list them with: relayq templates)")
  private String template;

  @Option(names = "--param", paramLabel = "NAME=VALUE",
      description = "a value of the template's parameter NAME (repeat for several; a list parameter takes"
          + " one element per --param, in order)")
  private List<String> params;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the shell command (leave out with --template)")
  private List<String> command;

  /** When to start: after a delay or at a time, not both. */
  static final class StartTime {
    @Option(names = "--in", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
        description = "start no sooner than this from now, like 10m")
    Duration in;

    @Option(names = "--at", paramLabel = "TIME", converter = Converters.TimeConverter.class,
        description = "start no sooner than this time: 2026-12-01T03:00:00Z, 2026-12-01 03:00 (local) or 03:00")
    Instant at;
  }

  @Override
  protected int execute() {
    JobSubmission submission = submission();
    if (template != null) {
      submission = submission.withTemplate(template,
          TemplateParams.typed(templateView(), params == null ? List.of() : params));
    }
    if (files != null) {
      submission = submission.withInputs(uploads());
    }
    CompletableFuture<Void> stopRequested = detach ? new CompletableFuture<>() : ctx().stopSignal().requested();
    Submitted submitted = client().submit(submission);
    JobView job = submitted.job();
    if (!submitted.created()) {
      ctx().note("job " + job.id() + " already exists with key '" + key + "' (" + JobText.state(job) + ")"
          + (detach ? "" : ": following it"));
    }
    if (detach) {
      if (json) {
        JsonOutput.print(ctx().out(), job);
      } else {
        ctx().out().println(job.id());
        ctx().out().flush();
      }
      return ExitCodes.OK;
    }
    return await(job, stopRequested);
  }

  /** The template's schema; an unknown name is a usage error that lists the known ones. */
  private TemplateView templateView() {
    try {
      return client().template(template);
    } catch (NotFoundException e) {
      throw CliException.usage("--template: " + e.getMessage() + "; see them with: " + ctx().prog() + " templates");
    }
  }

  private int await(JobView job, CompletableFuture<Void> stopRequested) {
    RunWatch watch = new RunWatch(ctx(), client(), job, !json);
    CompletableFuture<JobView> done = new CompletableFuture<>();
    Thread follower = Thread.ofPlatform().daemon().name("relayq-follow").start(() -> {
      try {
        done.complete(client().follow(job.id(), 0, watch));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    try (watch) {
      CompletableFuture.anyOf(done, stopRequested).join();
    } catch (CompletionException e) {
      // a failed follow is reported below, from done itself
    }
    if (!done.isDone()) {
      follower.interrupt();
      return cancelOnInterrupt(job.id());
    }
    JobView end;
    try {
      end = done.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    if (json) {
      JsonOutput.print(ctx().out(), client().job(end.id()));
    }
    String ending = endingNote(end);
    if (ending != null) {
      ctx().note(ending);
    }
    return ExitCodes.forFinishedJob(end);
  }

  private int cancelOnInterrupt(String id) {
    try {
      JobView v = client().cancel(id);
      ctx().note("interrupted: " + (v.state().isTerminal() ? "cancelled job " + id
          : "cancel requested for job " + id + ", its worker kills it"));
      return ExitCodes.INTERRUPTED;
    } catch (ConflictException finishedMeanwhile) {
      return ExitCodes.forFinishedJob(client().job(id));
    }
  }

  /** What to tell the user when a job ended without an exit code of its own; null otherwise. */
  static String endingNote(JobView end) {
    return switch (end.state()) {
      case CANCELLED -> "job " + end.id() + " was cancelled";
      case FAILED -> end.reason() == null || end.reason() == EndReason.EXIT ? null
          : "job " + end.id() + " " + JobText.withMessage(JobText.ending(end.reason(), end.exitCode(), end), end.message());
      default -> null;
    };
  }

  /** The submission the flags describe, checked here so a bad one never reaches the server. */
  JobSubmission submission() {
    boolean hasCommand = command != null && !command.isEmpty();
    if (template != null && hasCommand) {
      throw CliException.usage("give either --template or COMMAND, not both: a template job runs the template's"
          + " program");
    }
    if (template == null && !hasCommand) {
      throw CliException.usage("COMMAND is missing: " + ctx().prog() + " run [OPTIONS] -- COMMAND..., or "
          + ctx().prog() + " run --template NAME --param K=V...");
    }
    if (template == null && params != null) {
      throw CliException.usage("--param sets a template's parameter: give --template NAME too");
    }
    // a template job's argv is built by the coordinator: its name stands in for it in the checks here
    JobSubmission s = new JobSubmission(
        hasCommand ? ShellWords.command(command) : null,
        hasCommand ? null : List.of(template),
        env,
        cwd,
        stdin(),
        worker,
        labels,
        priority,
        start == null || start.at == null ? null : start.at.toString(),
        start == null || start.in == null ? null : Durations.format(start.in),
        timeout == null ? null : Durations.format(timeout),
        lease == null ? null : Durations.format(lease),
        retries,
        null,
        null,
        key,
        null,
        null,
        null,
        prefer,
        preferWorker,
        preferWait == null ? null : Durations.format(preferWait),
        group,
        groupLimit,
        after,
        secretEnv,
        null,
        collect);
    try {
      JobSpecValidator.checkStartNotPast(JobSpecValidator.validate(s), Instant.now());
    } catch (InvalidJobException e) {
      String detail = e.getMessage().substring(Math.min(e.getMessage().length(), e.field().length() + 2));
      throw CliException.usage(flagFor(e.field()) + ": " + detail);
    }
    return hasCommand ? s : s.withTemplate(template, null);
  }

  /** Uploads every --file, saying how far a large one got. */
  private List<JobFile> uploads() {
    List<JobFile> inputs = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw CliException.usage("--file: " + file + " is not a readable file");
      }
      String name = file.getFileName().toString();
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        throw CliException.usage("--file: cannot read " + file + " (" + e.getMessage() + ")");
      }
      inputs.add(client().upload(file, name, size < PROGRESS_FROM ? null : new UploadProgress(ctx(), name, size)));
    }
    return inputs;
  }

  private String stdin() {
    if (stdinFile == null) {
      return null;
    }
    try {
      byte[] bytes = Files.readAllBytes(stdinFile);
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw CliException.usage("--stdin-file: " + stdinFile + " is not UTF-8 text; stdin of a job is text");
    } catch (IOException e) {
      throw CliException.usage("--stdin-file: cannot read " + stdinFile + " (" + e.getMessage() + ")");
    }
  }

  /** The flag a submission field comes from, so errors name what the user typed. */
  static String flagFor(String field) {
    return switch (field) {
      case "command", "argv" -> "COMMAND";
      case "worker" -> "--on";
      case "labels" -> "--label";
      case "delay" -> "--in";
      case "runAt" -> "--at";
      case "stdin" -> "--stdin-file";
      case "preferWorker" -> "--prefer-worker";
      case "preferWait" -> "--prefer-wait";
      case "groupLimit" -> "--group-limit";
      case "inputs" -> "--file";
      default -> "--" + field;
    };
  }
}
