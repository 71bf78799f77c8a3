package io.relayq.cli;

import java.util.concurrent.CompletableFuture;

/**
 * Tells a long-running command that the user asked it to stop (Ctrl-C, SIGTERM), so it can stop in
 * its own way: {@code up} and {@code worker} drain, {@code run} cancels its job. The command then
 * returns its exit code as usual and the process ends with that code, not the signal's.
 *
 * <p>The process variant hooks JVM shutdown only once a command asks for {@link #requested()}; until
 * then Ctrl-C ends the process at once, as for any short command. While a command stops, the JVM
 * ignores a second Ctrl-C, so every command bounds the time it takes to stop.
 */
public final class StopSignal {
  private final boolean process;
  private final CompletableFuture<Void> requested = new CompletableFuture<>();
  private final CompletableFuture<Integer> finished = new CompletableFuture<>();
  private Thread hook;

  private StopSignal(boolean process) {
    this.process = process;
  }

  /** Stops on SIGINT/SIGTERM of this process. */
  public static StopSignal onProcessSignals() {
    return new StopSignal(true);
  }

  /** Stops only when {@link #trigger()} is called: for running commands inside tests. */
  public static StopSignal manual() {
    return new StopSignal(false);
  }

  /** Completes when a stop is asked for; from now on a signal no longer ends the process at once. */
  public synchronized CompletableFuture<Void> requested() {
    if (process && hook == null) {
      hook = new Thread(this::stopProcess, "relayq-stop");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    return requested;
  }

  /** Asks for a stop, as a signal would. */
  public void trigger() {
    requested.complete(null);
  }

  /**
   * Reports the command's exit code once it has returned. After a signal, the process then ends
   * with this code; without one, the shutdown hook is removed so a normal exit is not delayed.
   */
  synchronized void finish(int exitCode) {
    finished.complete(exitCode);
    if (hook != null && !requested.isDone()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook already runs and will halt with the code just given
      }
    }
  }

  private void stopProcess() {
    trigger();
    int code = finished.join();
    System.out.flush();
    System.err.flush();
    // shutdown was started by the signal; halting is the only way to exit with the command's code
    Runtime.getRuntime().halt(code);
  }
}
