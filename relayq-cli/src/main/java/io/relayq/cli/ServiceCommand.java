package io.relayq.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code relayq service}: questions about the services install-service set up. */
@Command(
    name = "service",
    header = "Show the state of relayq's services.",
    description = {"Subcommands about the services install-service sets up.", ""},
    subcommands = {ServiceStatusCommand.class},
    footer = ExitCodes.HELP_FOOTER)
final class ServiceCommand implements Callable<Integer> {
  @ParentCommand
  private RelayqCommand root;

  @Spec
  private CommandSpec spec;

  CliContext ctx() {
    return root.ctx();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(ctx().err());
    return ExitCodes.USAGE;
  }
}
