package io.relayq.cli;

import io.relayq.core.Durations;
import io.relayq.core.InvalidJobException;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.ScheduleRequest;
import io.relayq.core.api.ScheduleView;
import io.relayq.core.schedule.CatchUp;
import io.relayq.core.schedule.CronExpression;
import io.relayq.core.schedule.InvalidCronException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relayq schedule add NAME --cron EXPR [run options] -- COMMAND...}. */
@Command(
    name = "add",
    header = "Add a schedule that submits COMMAND at each tick of a cron expression.",
    description = {
      "  relayq schedule add nightly --cron '0 3 * * *' --tz Europe/Berlin -- backup.sh",
      "CRON has five fields: minute hour day-of-month month day-of-week, with *, ranges",
      "(1-5), lists (1,15), steps (*/15) and names (MON-FRI, JAN); or @hourly, @daily,",
      "@weekly, @monthly, @yearly. Ticks are wall-clock times in --tz.",
      "Options go before COMMAND; from its first word on, everything belongs to it.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class ScheduleAddCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "the schedule's name, like nightly-backup")
  private String name;

  @Option(names = "--cron", required = true, paramLabel = "EXPR", description = "when to run, like '0 3 * * *'")
  private String cron;

  @Option(names = "--tz", paramLabel = "ZONE",
      description = "time zone of the ticks, like Europe/Berlin (default: this machine's, ${DEFAULT-VALUE})")
  private String timezone = ZoneId.systemDefault().getId();

  @Option(names = "--catch-up", paramLabel = "skip|once",
      description = "ticks missed while no coordinator ran: skip them, or run once when one is back (default: skip)")
  private String catchUp;

  @Option(names = "--on", paramLabel = "WORKER", description = "run only on the worker with this name")
  private String worker;

  @Option(names = "--label", paramLabel = "LABEL", converter = Converters.LabelConverter.class,
      description = "run only on a worker that has this label (repeat for several)")
  private List<String> labels;

  @Option(names = "--priority", paramLabel = "N", description = "higher runs first, -1000..1000 (default: 0)")
  private Integer priority;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "kill an attempt that runs longer, like 30m (default: 5h)")
  private Duration timeout;

  @Option(names = "--lease", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "how long a worker may go silent before the job counts as lost (default: 15s)")
  private Duration lease;

  @Option(names = "--retries", paramLabel = "N",
      description = "attempts after the first when the job exits 75 or is lost (default: 2)")
  private Integer retries;

  @Option(names = "--env", paramLabel = "K=V", description = "set an environment variable for the job (repeat for several)")
  private Map<String, String> env;

  @Option(names = "--cwd", paramLabel = "DIR", description = "working directory on the worker")
  private String cwd;

  @Option(names = "--json", description = "print the schedule as JSON (the API's ScheduleView)")
  private boolean json;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "the shell command each tick runs")
  private List<String> command;

  @Override
  protected int execute() {
    ScheduleView s = client().createSchedule(request());
    if (json) {
      JsonOutput.print(ctx().out(), s);
    } else {
      ctx().out().println("added schedule " + s.name() + " (" + s.cron() + " in " + s.timezone() + "); next tick "
          + TimeText.at(s.nextFireAt(), Instant.now()));
      ctx().out().flush();
    }
    return ExitCodes.OK;
  }

  /** The request the flags describe, checked here so a bad one never reaches the server. */
  ScheduleRequest request() {
    try {
      CronExpression.parse(cron);
    } catch (InvalidCronException e) {
      throw CliException.usage("--cron: " + e.getMessage());
    }
    try {
      ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw CliException.usage("--tz: '" + timezone + "' is not a time zone; use an IANA name like Europe/Berlin or UTC");
    }
    if (catchUp != null) {
      try {
        CatchUp.fromWire(catchUp);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--catch-up: " + e.getMessage());
      }
    }
    JobSubmission job = JobSubmission.builder()
        .command(ShellWords.command(command))
        .env(env)
        .cwd(cwd)
        .worker(worker)
        .labels(labels)
        .priority(priority)
        .timeout(timeout == null ? null : Durations.format(timeout))
        .lease(lease == null ? null : Durations.format(lease))
        .retries(retries)
        .build();
    try {
      JobSpecValidator.validate(job);
    } catch (InvalidJobException e) {
      String detail = e.getMessage().substring(Math.min(e.getMessage().length(), e.field().length() + 2));
      throw CliException.usage(RunCommand.flagFor(e.field()) + ": " + detail);
    }
    return new ScheduleRequest(name, cron, timezone, catchUp, job);
  }
}
