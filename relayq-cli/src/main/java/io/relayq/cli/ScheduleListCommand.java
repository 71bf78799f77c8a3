package io.relayq.cli;

import io.relayq.core.api.ScheduleList;
import io.relayq.core.api.ScheduleView;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relayq schedule list}: every schedule with its next tick. */
@Command(
    name = "list",
    header = "List schedules: cron, time zone, next tick, last job.",
    footer = ExitCodes.HELP_FOOTER)
final class ScheduleListCommand extends ClientCommand {
  @Option(names = "--json", description = "print the schedules as JSON (the API's ScheduleList)")
  private boolean json;

  @Override
  protected int execute() {
    ScheduleList list = client().schedules();
    if (json) {
      JsonOutput.print(ctx().out(), list);
      return ExitCodes.OK;
    }
    if (list.schedules().isEmpty()) {
      ctx().out().println("no schedules yet: add one with " + ctx().prog()
          + " schedule add nightly --cron '0 3 * * *' -- backup.sh");
      ctx().out().flush();
      return ExitCodes.OK;
    }
    Instant now = Instant.now();
    Table t = new Table("name", "cron", "timezone", "catch-up", "next", "last job", "command");
    for (ScheduleView s : list.schedules()) {
      t.row(s.name(), s.cron(), s.timezone(), s.catchUp(),
          s.paused() ? "paused" : TimeText.at(s.nextFireAt(), now), s.lastJobId(), s.command());
    }
    t.print(ctx().out());
    return ExitCodes.OK;
  }
}
