package io.relayq.worker;

import io.relayq.core.Durations;
import io.relayq.core.JobSpec;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.LeaseGrant;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One attempt running as a process group. Output of stdout and stderr is read as bytes by one
 * virtual thread each and handed to the sink. The timeout, a cancel, a release or a fence kill the
 * whole group: TERM, then KILL after the grace period for whatever is still alive, and
 * {@link #await()} returns only when no live process of the group is left.
 *
 * <p>Known limit: a background process that a job leaves behind and that keeps the job's stdout or
 * stderr open holds its reader thread until it closes them; the attempt does not wait for it
 * (at most {@link #PIPE_LINGER} after the job's own process exited) and its later bytes are dropped.
 */
final class JobProcess implements RunningAttempt {
  /** How long output may keep arriving after the job's own process exited. */
  static final Duration PIPE_LINGER = Duration.ofMillis(200);
  /** How long a SIGKILLed group may take to disappear before we give up waiting (processes in D state). */
  static final Duration KILL_WAIT = Duration.ofSeconds(2);
  private static final int READ_BUFFER = 64 * 1024;
  private static final long FIRST_CHECK_NANOS = Duration.ofMillis(5).toNanos();
  private static final long MAX_CHECK_NANOS = Duration.ofMillis(100).toNanos();
  private static final File NO_INPUT = new File("/dev/null");

  private final LeaseGrant lease;
  private final Process process;
  private final ProcessGroup group;
  private final Duration killGrace;
  private final Path ownDir;
  private final OutputSink sink;
  private final List<Thread> readers;
  private final AtomicReference<KillReason> killReason = new AtomicReference<>();
  private final CompletableFuture<String> killed = new CompletableFuture<>();
  private volatile boolean detached;
  private volatile boolean over;

  private JobProcess(LeaseGrant lease, Process process, Duration killGrace, Path ownDir, OutputSink sink) {
    this.lease = lease;
    this.process = process;
    this.group = new ProcessGroup(process.pid());
    this.killGrace = killGrace;
    this.ownDir = ownDir;
    this.sink = sink;
    this.readers = List.of(
        reader(process.getInputStream(), OutputChannel.STDOUT),
        reader(process.getErrorStream(), OutputChannel.STDERR));
  }

  /** Starts the attempt, or returns one that has already ended with {@code start_failed}. */
  static RunningAttempt start(LeaseGrant lease, List<String> argv, Path jobsDir, Duration killGrace, OutputSink sink) {
    return start(lease, argv, jobsDir, null, killGrace, sink);
  }

  /**
   * Starts the attempt in {@code filesDir} when given (a directory holding its input files, which
   * the caller owns and removes), unless the job names its own {@code cwd}.
   */
  static RunningAttempt start(LeaseGrant lease, List<String> argv, Path jobsDir, Path filesDir, Duration killGrace,
      OutputSink sink) {
    JobSpec spec = lease.spec();
    Path ownDir = null;
    Path cwd;
    try {
      if (spec.cwd() == null && filesDir != null) {
        cwd = filesDir;
      } else if (spec.cwd() != null) {
        cwd = Path.of(spec.cwd()).toAbsolutePath();
        if (!Files.isDirectory(cwd)) {
          return failedToStart("working directory " + cwd + " does not exist on this worker (or is not a directory)");
        }
      } else {
        ownDir = freshDirectory(jobsDir.resolve(lease.jobId() + "-" + lease.attempt()));
        cwd = ownDir;
      }
    } catch (IOException | RuntimeException e) {
      return failedToStart("cannot create the job directory under " + jobsDir + ": " + e
          + " (check that the worker's jobs directory is writable)");
    }
    ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
    Map<String, String> env = pb.environment();
    // the worker's own credentials must not leak into jobs
    env.remove("RELAYQ_TOKEN");
    env.putAll(spec.env());
    env.putAll(spec.secretEnv());
    env.put("RELAYQ_JOB_ID", lease.jobId());
    env.put("RELAYQ_ATTEMPT", Integer.toString(lease.attempt()));
    if (filesDir != null) {
      env.put("RELAYQ_JOB_DIR", filesDir.toString());
    }
    Path progress = ProgressFiles.of(jobsDir, lease.ref());
    try {
      Files.createDirectories(progress.getParent());
      env.put(ProgressFiles.ENV, progress.toAbsolutePath().toString());
    } catch (IOException e) {
      // the job runs without progress reporting rather than not at all
    }
    String missing = missingProgram(spec, env.get("PATH"), cwd);
    if (missing != null) {
      JobDirectories.deleteQuietly(ownDir);
      return failedToStart(missing);
    }
    pb.redirectInput(spec.stdin() == null ? ProcessBuilder.Redirect.from(NO_INPUT) : ProcessBuilder.Redirect.PIPE);
    Process process;
    try {
      process = pb.start();
    } catch (IOException | RuntimeException e) {
      JobDirectories.deleteQuietly(ownDir);
      return failedToStart("cannot start " + argv.getFirst() + ": " + e.getMessage());
    }
    if (spec.stdin() != null) {
      feed(process, spec.stdin().getBytes(StandardCharsets.UTF_8), lease.jobId());
    }
    return new JobProcess(lease, process, killGrace, ownDir, sink);
  }

  /**
   * Checks that an argv job's program exists before spawning: behind setsid and nice a missing one
   * would only show as exit code 127, which the job would then be retried or failed for.
   */
  private static String missingProgram(JobSpec spec, String path, Path cwd) {
    if (spec.argv() == null) {
      return null;
    }
    String program = spec.argv().getFirst();
    if (program.contains("/")) {
      Path p = cwd.resolve(program);
      return Files.isRegularFile(p) && Files.isExecutable(p)
          ? null
          : "program " + p + " does not exist on this worker or is not executable";
    }
    return LabelDetector.findExecutable(program, path) != null
        ? null
        : "program '" + program + "' is not on the PATH of this worker (" + path + ")";
  }

  private static void feed(Process process, byte[] stdin, String jobId) {
    Thread.ofVirtual().name("relayq-" + jobId + "-stdin").start(() -> {
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      } catch (IOException e) {
        // the job closed its stdin or exited before reading all of it: its choice
      }
    });
  }

  private Thread reader(InputStream in, OutputChannel stream) {
    return Thread.ofVirtual().name("relayq-" + lease.jobId() + "-" + stream.wireName()).start(() -> {
      byte[] buf = new byte[READ_BUFFER];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          // once detached, bytes are still read so a leftover writer does not die of SIGPIPE
          if (!detached && n > 0) {
            sink.write(stream, buf, 0, n);
          }
        }
      } catch (IOException e) {
        // the pipe broke: there is nothing more to read
      }
    });
  }

  @Override
  public AttemptResult await() throws InterruptedException {
    Duration timeout = lease.spec().timeout();
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      kill(KillReason.TIMEOUT);
    }
    int exitCode = process.waitFor();
    KillReason reason = killReason.get();
    String killMessage = reason == null ? null : waitKilled();
    long lingerUntil = System.nanoTime() + PIPE_LINGER.toNanos();
    for (Thread reader : readers) {
      long left = lingerUntil - System.nanoTime();
      if (left > 0) {
        reader.join(Duration.ofNanos(left));
      }
    }
    detached = true;
    over = true;
    JobDirectories.deleteQuietly(ownDir);
    if (reason == null) {
      return AttemptResult.exited(exitCode);
    }
    String what = switch (reason) {
      case TIMEOUT -> "timed out after " + Durations.format(timeout);
      case CANCEL -> "cancelled";
      case RELEASE -> "released by the worker";
      case FENCE -> "lease lost";
    };
    return AttemptResult.killed(reason, what + "; " + killMessage);
  }

  private String waitKilled() throws InterruptedException {
    try {
      return killed.get();
    } catch (ExecutionException e) {
      return "killing process group " + group.id() + " failed: " + e.getCause().getMessage();
    }
  }

  @Override
  public OptionalLong processGroup() {
    return OptionalLong.of(group.id());
  }

  @Override
  public void kill(KillReason reason) {
    if (!over && killReason.compareAndSet(null, reason)) {
      Thread.ofVirtual().name("relayq-" + lease.jobId() + "-kill").start(this::killGroup);
    }
  }

  /** TERM to the group, KILL after the grace period if anything lives, then wait until all are gone. */
  private void killGroup() {
    try {
      group.signal("TERM");
      if (awaitGroupGone(killGrace)) {
        killed.complete("process group " + group.id() + " stopped on TERM");
        return;
      }
      group.signal("KILL");
      if (awaitGroupGone(KILL_WAIT)) {
        killed.complete("process group " + group.id() + " killed with KILL after a grace of "
            + Durations.format(killGrace));
      } else {
        killed.complete("process group " + group.id() + " still has live processes "
            + Durations.format(KILL_WAIT) + " after KILL (stuck in the kernel?)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killed.completeExceptionally(e);
    } catch (RuntimeException e) {
      killed.completeExceptionally(e);
    }
  }

  /** Checks often at first, since most groups die at once on TERM, then less often. */
  private boolean awaitGroupGone(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    long pause = FIRST_CHECK_NANOS;
    while (true) {
      if (!group.hasLiveMembers()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      Thread.sleep(Duration.ofNanos(Math.min(pause, left)));
      pause = Math.min(pause * 2, MAX_CHECK_NANOS);
    }
  }

  private static Path freshDirectory(Path dir) throws IOException {
    JobDirectories.deleteQuietly(dir);
    return Files.createDirectories(dir);
  }

  private static RunningAttempt failedToStart(String message) {
    return RunningAttempt.completed(AttemptResult.startFailed(message));
  }
}
