package io.relayq.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: holds the context its subcommands share, and shows help when called alone. */
@Command(
    name = "relayq",
    mixinStandardHelpOptions = true,
    // every subcommand takes --help too, as the hints in error messages promise
    scope = ScopeType.INHERIT,
    versionProvider = Version.class,
    description = {
      "relayq runs shell jobs on your own machines, reliably: one coordinator keeps",
      "a durable queue; workers on any number of machines pull jobs, run them and",
      "stream their output back. Start with: relayq up, then: relayq run -- echo hi",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footer = ExitCodes.HELP_FOOTER)
final class RelayqCommand implements Callable<Integer>, ContextHolder {
  /**
   * The subcommands, in the order help lists them. Not in the annotation: {@link CommandTree}
   * builds only the ones a command line names, which is most of a short command's start-up time.
   */
  static final List<Class<?>> SUBCOMMANDS = List.of(
      UpCommand.class,
      ServerCommand.class,
      WorkerCommand.class,
      RunCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      CancelCommand.class,
      ProgressCommand.class,
      JobsCommand.class,
      WorkersCommand.class,
      TemplatesCommand.class,
      DoctorCommand.class,
      InstallServiceCommand.class,
      UninstallServiceCommand.class,
      ServiceCommand.class,
      ScheduleCommand.class,
      TokenCommand.class,
      FilesCommand.class,
      HelpCommand.class);

  private final CliContext ctx;

  @Spec
  private CommandSpec spec;

  RelayqCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CliContext ctx() {
    return ctx;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(ctx.err());
    return ExitCodes.USAGE;
  }
}
