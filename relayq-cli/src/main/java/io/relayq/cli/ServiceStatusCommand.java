package io.relayq.cli;

import io.relayq.cli.service.ServiceKind;
import io.relayq.cli.service.ServiceScope;
import io.relayq.cli.service.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code relayq service status [worker|server]}: installed? running? since when, how many restarts? */
@Command(
    name = "status",
    header = "Is the relayq service installed and running?",
    description = {
      "For the worker and server services (or the one named): whether it is installed",
      "(system or user), whether it runs, since when, and how often it was restarted.",
      "Exits 0 when every installed one runs and at least one is installed, else 1.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class ServiceStatusCommand implements Callable<Integer> {
  @ParentCommand
  private ServiceCommand parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "worker|server", converter = ServiceKindConverter.class,
      description = "the service to look at (default: both)")
  private ServiceKind kind;

  @Option(names = "--json", description = "print the statuses as JSON")
  private boolean json;

  /** What {@code --json} prints. */
  record Report(List<ServiceStatus> services) {}

  @Override
  public Integer call() {
    CliContext ctx = parent.ctx();
    ServiceTarget target = ServiceTarget.of(ctx);
    List<ServiceStatus> statuses = new ArrayList<>();
    for (ServiceKind k : kind == null ? List.of(ServiceKind.values()) : List.of(kind)) {
      statuses.addAll(statusesOf(target, k));
    }
    if (json) {
      JsonOutput.print(ctx.out(), new Report(statuses));
    } else {
      statuses.forEach(s -> print(ctx, s));
    }
    boolean anyInstalled = statuses.stream().anyMatch(ServiceStatus::installed);
    boolean allRunning = statuses.stream().filter(ServiceStatus::installed).allMatch(s -> Boolean.TRUE.equals(s.running()));
    return anyInstalled && allRunning ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** The service in each scope where it is installed, or one "not installed" line for the usual scope. */
  private static List<ServiceStatus> statusesOf(ServiceTarget target, ServiceKind kind) {
    List<ServiceStatus> found = new ArrayList<>();
    Path home = target.host().home();
    for (ServiceScope scope : ServiceScope.values()) {
      Path file = target.manager().definitionFile(kind, scope, home);
      if (Files.exists(file)) {
        found.add(target.manager().status(kind, scope, file));
      }
    }
    if (found.isEmpty()) {
      ServiceScope scope = target.defaultScope();
      found.add(new ServiceStatus(kind.command(), target.manager().name(), scope.name().toLowerCase(Locale.ROOT), false,
          target.manager().definitionFile(kind, scope, home).toString(), false, "not installed", null, null, null,
          "install it with: relayq install-service " + kind.command()));
    }
    return found;
  }

  private static void print(CliContext ctx, ServiceStatus s) {
    StringBuilder line = new StringBuilder(String.format("%-7s", s.service()));
    if (!s.installed()) {
      line.append("not installed (").append(s.note()).append(")");
      ctx.out().println(line);
      return;
    }
    line.append(s.running() == null ? "unknown" : s.running() ? "running" : "not running");
    line.append("  ").append(s.manager()).append(' ').append(s.scope()).append(" service");
    if (s.state() != null) {
      line.append(", ").append(s.state());
    }
    if (s.startedAt() != null) {
      line.append(", since ").append(TimeText.at(s.startedAt(), Instant.now()));
    }
    if (s.pid() != null) {
      line.append(", pid ").append(s.pid());
    }
    if (s.restarts() != null) {
      line.append(", restarted ").append(s.restarts()).append(s.restarts() == 1 ? " time" : " times");
    }
    ctx.out().println(line);
    ctx.out().println("       " + s.file());
    if (s.note() != null) {
      ctx.out().println("       " + s.note());
    }
  }
}
