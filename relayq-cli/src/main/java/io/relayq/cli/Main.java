package io.relayq.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code relayq} command line. {@link #main} runs it for the process; {@link #run} runs it
 * with given streams and environment, which is how tests call it.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, System.getenv(), StopSignal.onProcessSignals());
    System.exit(code);
  }

  /** Runs one command with its own streams and environment; Ctrl-C handling is left out. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, out, err, env, StopSignal.manual());
  }

  /**
   * Runs one command and returns its exit code ({@link ExitCodes}). Never throws for user errors:
   * they are printed to {@code err} as one line.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, StopSignal stop) {
    CliContext ctx = new CliContext(out, err, env, stop);
    int code = ExitCodes.FAILED;
    try {
      code = configure(CommandTree.forArguments(ctx, args), ctx).execute(args);
      return code;
    } finally {
      out.flush();
      err.flush();
      stop.finish(code);
    }
  }

  /** The whole configured picocli tree; visible for tests that check parsing alone. */
  static CommandLine commandLine(CliContext ctx) {
    return configure(CommandTree.complete(ctx), ctx);
  }

  private static CommandLine configure(CommandLine cl, CliContext ctx) {
    cl.setCommandName(ctx.prog());
    cl.setOut(new PrintWriter(ctx.out(), true));
    cl.setErr(new PrintWriter(ctx.err(), true));
    cl.setParameterExceptionHandler(new ErrorHandlers.BadArguments());
    cl.setExecutionExceptionHandler(new ErrorHandlers.CommandFailed(ctx));
    // like ssh: from the first word of the command on, every argument is the command's own
    CommandLine run = cl.getSubcommands().get("run");
    if (run.getCommandSpec().userObject() instanceof RunCommand) {
      run.setStopAtPositional(true);
    }
    return cl;
  }
}
