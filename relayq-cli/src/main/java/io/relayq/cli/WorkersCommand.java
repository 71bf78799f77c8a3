package io.relayq.cli;

import io.relayq.core.ByteSize;
import io.relayq.core.api.WorkerList;
import io.relayq.core.api.WorkerView;
import java.time.Instant;
import java.util.ArrayList;
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
      "CPU and free memory are what each worker last reported; a worker above its",
      "--cpu-threshold or under its --min-free-memory shows as paused, with why.",
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
    Table t = new Table("name", "status", "slots", "cpu", "free mem", "labels", "last seen", "jobs");
    List<String> paused = new ArrayList<>();
    for (WorkerView w : list.workers()) {
      t.row(w.name(), w.paused() == null ? w.status() : "paused", w.running() + "/" + w.slots(),
          w.cpuPercent() == null ? null : Math.round(w.cpuPercent()) + "%",
          w.freeMemoryBytes() == null ? null : ByteSize.format(w.freeMemoryBytes()), joined(w.labels()),
          TimeText.ago(latest(w.lastPollAt(), w.lastHeartbeatAt()), now), joined(w.jobs()));
      if (w.paused() != null) {
        paused.add(w.name() + " takes no new jobs: it is " + w.paused());
      }
    }
    t.print(ctx().out());
    paused.forEach(ctx().out()::println);
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
