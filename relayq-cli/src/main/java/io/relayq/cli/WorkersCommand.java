package io.relayq.cli;

import io.relayq.core.api.WorkerList;
import io.relayq.core.api.WorkerView;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relayq workers}: every worker the coordinator knows, and what it is doing. */
@Command(
    name = "workers",
    header = "List workers: status, slots, labels, last seen, jobs.",
    description = {
      "List the workers the coordinator knows: status, slots in use, labels, when",
      "each was last heard from (its last poll or heartbeat), and its running jobs.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class WorkersCommand extends ClientCommand {
  @Option(names = "--json", description = "print the workers as JSON (the API's WorkerList)")
  private boolean json;

  @Override
  protected int execute() {
    WorkerList list = client().workers();
    if (json) {
      JsonOutput.print(ctx().out(), list);
      return ExitCodes.OK;
    }
    if (list.workers().isEmpty()) {
      ctx().out().println("no workers yet: start one with " + ctx().prog() + " worker --server " + server());
      return ExitCodes.OK;
    }
    Instant now = Instant.now();
    Table t = new Table("name", "status", "slots", "labels", "last seen", "jobs");
    for (WorkerView w : list.workers()) {
      t.row(w.name(), w.status(), w.running() + "/" + w.slots(), joined(w.labels()),
          TimeText.ago(latest(w.lastPollAt(), w.lastHeartbeatAt()), now), joined(w.jobs()));
    }
    t.print(ctx().out());
    return ExitCodes.OK;
  }

  private static String joined(List<String> items) {
    return items == null || items.isEmpty() ? null : String.join(",", items);
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
