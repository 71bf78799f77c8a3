package io.relayq.cli;

import io.relayq.cli.service.ServiceKind;
import io.relayq.cli.service.ServicePlan;
import io.relayq.cli.service.ServiceScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code relayq uninstall-service worker|server}: stops the service and removes its definition. */
@Command(
    name = "uninstall-service",
    header = "Stop a relayq service and remove it.",
    description = {
      "Stop the service install-service set up (a worker drains first) and remove its",
      "systemd unit or launchd plist. ~/.relayq (config, jar, worker identity, data) is",
      "kept: a later install-service picks up where this one left off.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class UninstallServiceCommand implements Callable<Integer> {
  @ParentCommand
  private RelayqCommand root;

  @Parameters(index = "0", paramLabel = "worker|server", converter = ServiceKindConverter.class,
      description = "which service to remove")
  private ServiceKind kind;

  @Option(names = "--user", description = "the service of your own user (systemctl --user, a LaunchAgent)")
  private boolean user;

  @Option(names = "--dry-run", description = "print the steps; change nothing")
  private boolean dryRun;

  @Override
  public Integer call() {
    CliContext ctx = root.ctx();
    ServiceTarget target = ServiceTarget.of(ctx);
    ServiceScope scope = user ? ServiceScope.USER : target.defaultScope();
    Path home = target.host().home();
    Path file = target.manager().definitionFile(kind, scope, home);
    if (!Files.exists(file)) {
      ServiceScope other = ServiceTarget.other(scope);
      Path elsewhere = target.manager().definitionFile(kind, other, home);
      String hint = Files.exists(elsewhere) ? "; there is a " + other.name().toLowerCase(Locale.ROOT) + " service at " + elsewhere
          + (other == ServiceScope.USER ? ": add --user" : ": run this as root (sudo), without --user") : "";
      throw new CliException(ExitCodes.NOT_FOUND, "no relayq " + kind.command() + " service is installed at " + file
          + hint);
    }
    List<ServicePlan.Step> steps = new ArrayList<>(target.manager().deactivate(kind, scope, file));
    steps.add(new ServicePlan.DeleteFile(file));
    steps.addAll(target.manager().afterRemoval(scope));
    ServicePlan plan = new ServicePlan(steps);
    if (dryRun) {
      plan.print(ctx.out());
      ctx.out().println("# dry run: nothing was changed");
      return ExitCodes.OK;
    }
    plan.execute(ctx.out());
    ctx.out().println("relayq " + kind.command() + " no longer runs as a service; ~/.relayq (config, jar, state) was kept");
    return ExitCodes.OK;
  }
}
