package io.relayq.cli;

import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.api.JobView;

/**
 * The exit codes of every relayq command, in one place. Scripts rely on them, so they never change
 * meaning. {@code relayq run} exits with the job's own exit code, or with {@link #TIMED_OUT},
 * {@link #CANCELLED} or {@link #LOST} when the job ended without one.
 */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** The job or the operation failed (a key conflict, cancelling a finished job, a port in use). */
  public static final int FAILED = 1;
  /** Bad flags or arguments: nothing was sent to the server. */
  public static final int USAGE = 2;
  /** The server cannot be reached or cannot serve the request now. */
  public static final int UNREACHABLE = 3;
  /** No such job or worker. */
  public static final int NOT_FOUND = 4;
  /** The server refused the credentials. */
  public static final int AUTH_REFUSED = 5;
  /**
   * The server's TLS certificate did not verify (unknown CA, wrong host name, expired): nothing was
   * sent. Give the CA with {@code --ca-file}.
   */
  public static final int TLS_UNTRUSTED = 6;
  /** {@code run}: the job timed out. */
  public static final int TIMED_OUT = 124;
  /** {@code run}: the job was cancelled. */
  public static final int CANCELLED = 125;
  /** {@code run}: the job was lost with its worker, or its process could not start. */
  public static final int LOST = 126;
  /** {@code run}: interrupted with Ctrl-C (the job was cancelled). */
  public static final int INTERRUPTED = 130;

  /** The table printed at the foot of {@code --help}. */
  public static final String HELP_FOOTER = """

      Exit codes:
        0    ok
        1    the job or the operation failed
        2    usage error (bad flags, durations, labels)
        3    cannot reach the server
        4    not found
        5    authentication refused
        6    the server's TLS certificate did not verify (give its CA with --ca-file)
      relayq run exits with the job's own exit code, or 124 (timed out),
      125 (cancelled), 126 (lost, could not start, or a job it waited for failed), 130 (Ctrl-C: job cancelled).""";

  private ExitCodes() {}

  /**
   * The exit code {@code relayq run} ends with for a finished job: its own exit code when its
   * process exited, else the code for how it ended. Throws {@link IllegalArgumentException} for a
   * job that is not finished.
   */
  public static int forFinishedJob(JobView job) {
    JobState state = job.state();
    if (!state.isTerminal()) {
      throw new IllegalArgumentException("job " + job.id() + " is " + state.wireName() + ", not finished");
    }
    if (state == JobState.CANCELLED) {
      return CANCELLED;
    }
    // how the attempt ended comes first: a killed process may still have left an exit status
    EndReason reason = job.reason();
    if (reason == EndReason.TIMEOUT) {
      return TIMED_OUT;
    }
    if (reason == EndReason.CANCELLED) {
      return CANCELLED;
    }
    if (reason == EndReason.LOST || reason == EndReason.START_FAILED || reason == EndReason.DEPENDENCY_FAILED) {
      return LOST;
    }
    if (job.exitCode() != null) {
      return job.exitCode() & 0xff;
    }
    return state == JobState.SUCCEEDED ? OK : FAILED;
  }
}
