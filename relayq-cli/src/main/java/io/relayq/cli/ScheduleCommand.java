package io.relayq.cli;

import io.relayq.core.api.ScheduleView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code relayq schedule}: recurring jobs, submitted at each tick of a cron expression. */
@Command(
    name = "schedule",
    header = "Run a job again and again: add, list, pause, resume, delete schedules.",
    description = {
      "A schedule submits its job at each tick of a cron expression, once per tick even",
      "with several coordinators. See docs/SCHEDULING.md.",
      "  relayq schedule add nightly --cron '0 3 * * *' -- backup.sh",
      ""
    },
    subcommands = {
      ScheduleAddCommand.class,
      ScheduleListCommand.class,
      ScheduleCommand.Pause.class,
      ScheduleCommand.Resume.class,
      ScheduleCommand.Delete.class
    },
    footer = ExitCodes.HELP_FOOTER)
final class ScheduleCommand implements Callable<Integer>, ContextHolder {
  @ParentCommand
  private RelayqCommand root;

  @Spec
  private CommandSpec spec;

  @Override
  public CliContext ctx() {
    return root.ctx();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(ctx().err());
    return ExitCodes.USAGE;
  }

  /** {@code relayq schedule pause NAME}. */
  @Command(name = "pause", header = "Pause a schedule: no tick fires until it is resumed.",
      footer = ExitCodes.HELP_FOOTER)
  static final class Pause extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "the schedule's name")
    private String name;

    @Option(names = "--json", description = "print the schedule as JSON (the API's ScheduleView)")
    private boolean json;

    @Override
    protected int execute() {
      ScheduleView s = client().pauseSchedule(name);
      if (json) {
        JsonOutput.print(ctx().out(), s);
      } else {
        ctx().out().println("paused " + s.name() + "; resume it with " + ctx().prog() + " schedule resume " + s.name());
        ctx().out().flush();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code relayq schedule resume NAME}. */
  @Command(name = "resume", header = "Resume a paused schedule at its next tick (missed ticks do not run).",
      footer = ExitCodes.HELP_FOOTER)
  static final class Resume extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "the schedule's name")
    private String name;

    @Option(names = "--json", description = "print the schedule as JSON (the API's ScheduleView)")
    private boolean json;

    @Override
    protected int execute() {
      ScheduleView s = client().resumeSchedule(name);
      if (json) {
        JsonOutput.print(ctx().out(), s);
      } else {
        ctx().out().println("resumed " + s.name() + "; next tick " + TimeText.at(s.nextFireAt(), java.time.Instant.now()));
        ctx().out().flush();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code relayq schedule delete NAME}. */
  @Command(name = "delete", header = "Delete a schedule; the jobs it submitted stay.", footer = ExitCodes.HELP_FOOTER)
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "the schedule's name")
    private String name;

    @Override
    protected int execute() {
      client().deleteSchedule(name);
      ctx().out().println("deleted schedule " + name);
      ctx().out().flush();
      return ExitCodes.OK;
    }
  }
}
