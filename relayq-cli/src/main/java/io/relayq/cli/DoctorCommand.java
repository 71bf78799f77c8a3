package io.relayq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relayq doctor}: checks the coordinator, its store and its workers, and says in plain
 * words why each job queued for a while is not running.
 */
@Command(
    name = "doctor",
    header = "Check the cluster and explain why queued jobs are not running.",
    description = {
      "Checks that the coordinator answers, that its store is healthy and which workers are",
      "online, then names the reason each job queued longer than --older-than is not running",
      "(no online worker has a label, the target worker is offline, all slots are busy, ...).",
      "Exits 0 when nothing is wrong, 1 with the list of problems otherwise.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class DoctorCommand extends ClientCommand {
  @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "30s",
      converter = Converters.DurationConverter.class,
      description = "explain queued jobs that have waited at least this long (default: ${DEFAULT-VALUE})")
  private Duration olderThan;

  @Option(names = "--json", description = "print the coordinator's diagnosis as JSON")
  private boolean json;

  @Override
  protected int execute() {
    JsonNode d = client().diagnosis(olderThan);
    boolean healthy = d.path("healthy").asBoolean(false);
    if (json) {
      JsonOutput.print(ctx().out(), d);
      return healthy ? ExitCodes.OK : ExitCodes.FAILED;
    }
    var out = ctx().out();
    out.println(mark(true) + " coordinator at " + server() + " answers");
    JsonNode store = d.path("store");
    out.println(store.path("healthy").asBoolean(false)
        ? mark(true) + " store healthy (answered in " + store.path("answeredInMs").asLong() + " ms)"
        : mark(false) + " store unavailable: " + store.path("error").asText("no answer"));
    JsonNode workers = d.path("workers");
    StringBuilder online = new StringBuilder();
    for (JsonNode w : workers.path("list")) {
      if ("online".equals(w.path("status").asText())) {
        online.append(online.isEmpty() ? "" : ", ").append(w.path("name").asText())
            .append(" (").append(w.path("running").asInt()).append('/').append(w.path("slots").asInt())
            .append(" slots busy")
            .append(w.path("paused").isTextual() ? "; " + w.path("paused").asText() : "").append(')');
      }
    }
    int onlineCount = workers.path("online").asInt();
    out.println(mark(onlineCount > 0) + " " + onlineCount + " worker" + (onlineCount == 1 ? "" : "s") + " online"
        + (online.isEmpty() ? "" : ": " + online)
        + (workers.path("offline").asInt() > 0 ? "; " + workers.path("offline").asInt() + " offline" : "")
        + (workers.path("draining").asInt() > 0 ? "; " + workers.path("draining").asInt() + " draining" : ""));
    for (JsonNode job : d.path("waiting")) {
      boolean problem = job.path("problem").asBoolean(false);
      out.println((problem ? mark(false) : "  ") + " job " + job.path("id").asText() + " ("
          + job.path("command").asText() + ") queued for " + job.path("age").asText() + ": "
          + job.path("waiting").asText());
    }
    if (healthy) {
      out.println("no problems found");
      return ExitCodes.OK;
    }
    out.println();
    out.println(d.path("problems").size() + " problem" + (d.path("problems").size() == 1 ? "" : "s") + ":");
    for (JsonNode p : d.path("problems")) {
      out.println("  - " + p.asText());
    }
    return ExitCodes.FAILED;
  }

  private static String mark(boolean ok) {
    return ok ? "ok " : "!! ";
  }
}
