package io.relayq.cli;

/** A command that hands its subcommands the shared {@link CliContext}: the top command, or a group like schedule. */
interface ContextHolder {
  CliContext ctx();
}
