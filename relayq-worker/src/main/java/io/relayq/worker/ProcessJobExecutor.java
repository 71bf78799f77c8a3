package io.relayq.worker;

import io.relayq.core.api.LeaseGrant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs each attempt as a real process: {@code /bin/sh -c COMMAND} or the argv directly, in its own
 * process group at the configured niceness, with the job's env, working directory and stdin. See
 * {@link JobProcess} for what one attempt does.
 */
public final class ProcessJobExecutor implements JobExecutor {
  private final int nice;
  private final Duration killGrace;
  private final Path jobsDir;
  private final LaunchCommand launch;

  /**
   * @param nice niceness for every job ({@code nice -n}); 0 runs jobs at the worker's own
   * @param killGrace time between TERM and KILL when a process group is killed
   * @param jobsDir parent of the fresh per-attempt directories of jobs without a {@code cwd}
   * @throws IllegalStateException when the programs that start process groups are missing
   */
  public ProcessJobExecutor(int nice, Duration killGrace, Path jobsDir) {
    this.nice = nice;
    this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
    this.jobsDir = Objects.requireNonNull(jobsDir, "jobsDir");
    this.launch = LaunchCommand.detect(System.getenv("PATH"));
  }

  /** An executor with the niceness, kill grace and jobs directory of {@code config}. */
  public static ProcessJobExecutor of(WorkerConfig config) {
    return new ProcessJobExecutor(config.nice(), config.killGrace(), config.jobsDir());
  }

  @Override
  public RunningAttempt start(LeaseGrant lease, OutputSink output) {
    return JobProcess.start(lease, launch.argv(lease.spec(), nice), jobsDir, killGrace, output);
  }

  /** Runs the job in {@code filesDir} unless it names its own {@code cwd}; {@code RELAYQ_JOB_DIR} names it either way. */
  @Override
  public RunningAttempt start(LeaseGrant lease, OutputSink output, Path filesDir) {
    return JobProcess.start(lease, launch.argv(lease.spec(), nice), jobsDir, filesDir, killGrace, output);
  }
}
