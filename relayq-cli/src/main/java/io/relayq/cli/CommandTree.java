package io.relayq.cli;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the picocli tree. Introspecting every subcommand's options takes most of a short
 * command's start-up (about 200 ms of 300 for {@code relayq --help}), so a subcommand that the
 * arguments do not name is added as a placeholder that carries only its name and summary: enough
 * for the command list in help and for "did you mean" hints, and never executed, because a
 * subcommand can only run when its name is among the arguments.
 */
final class CommandTree {
  private CommandTree() {}

  /** Every subcommand fully built: what tests that inspect the model use. */
  static CommandLine complete(CliContext ctx) {
    return build(ctx, null);
  }

  /** Only the subcommands named somewhere in {@code args} fully built. */
  static CommandLine forArguments(CliContext ctx, String[] args) {
    return build(ctx, new HashSet<>(Arrays.asList(args)));
  }

  private static CommandLine build(CliContext ctx, Set<String> words) {
    CommandLine root = new CommandLine(new RelayqCommand(ctx));
    for (Class<?> type : RelayqCommand.SUBCOMMANDS) {
      Command annotation = type.getAnnotation(Command.class);
      if (words == null || named(annotation, words)) {
        root.addSubcommand(new CommandLine(type));
      } else {
        root.addSubcommand(annotation.name(), placeholder(annotation), annotation.aliases());
      }
    }
    return root;
  }

  private static boolean named(Command annotation, Set<String> words) {
    return words.contains(annotation.name()) || Arrays.stream(annotation.aliases()).anyMatch(words::contains);
  }

  private static CommandSpec placeholder(Command annotation) {
    CommandSpec spec = CommandSpec.create().name(annotation.name()).aliases(annotation.aliases());
    spec.usageMessage()
        .header(annotation.header())
        .description(annotation.description())
        .hidden(annotation.hidden());
    return spec;
  }
}
