package io.relayq.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** How errors reach the user: one clear line, never a stack trace unless {@code RELAYQ_DEBUG} is set. */
final class ErrorHandlers {
  static final String DEBUG_ENV = "RELAYQ_DEBUG";

  private ErrorHandlers() {}

  /** Bad flags or arguments: the message, the command's synopsis, where to read more; exit 2. */
  static final class BadArguments implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      err.println("relayq: " + ex.getMessage());
      UnmatchedArgumentException.printSuggestions(ex, err);
      err.print("Usage: " + cl.getHelp().synopsis(0));
      err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for all options.");
      err.flush();
      return ExitCodes.USAGE;
    }
  }

  /** A command threw: {@link Failures} decides the message and the exit code. */
  static final class CommandFailed implements IExecutionExceptionHandler {
    private final CliContext ctx;

    CommandFailed(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
      Failures.Failure f = Failures.describe(ex, ctx.lastServer(), ctx.prog());
      ctx.out().flush();
      ctx.note(f.message());
      String debug = ctx.env().get(DEBUG_ENV);
      if (debug != null && !debug.isBlank() && !debug.equals("0")) {
        ex.printStackTrace(ctx.err());
      }
      return f.exitCode();
    }
  }
}
