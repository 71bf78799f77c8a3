package io.relayq.worker;

import io.relayq.core.api.LeaseRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The disk spool of one worker run: {@code stateDir/spool/<name>/<incarnation>/} holding the
 * journal of finish reports not yet delivered ({@link ResultSpool}), output that went to disk
 * ({@link OutputSpool}) and the process groups of running jobs ({@link ProcessLedger}). The run holds a lock on the directory while it lives, so a later start
 * recovers only the spools of runs that are gone ({@link #previousRuns}), never one still running.
 * A run that stops with everything delivered deletes its directory.
 */
final class WorkerSpool implements AutoCloseable {
  private static final String LOCK_FILE = "lock";
  private static final String OUTPUT_DIR = "output";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final SpoolBudget budget;
  private final ResultSpool results;
  private final OutputSpool output;
  private final ProcessLedger ledger;

  private WorkerSpool(Path dir, FileChannel lockChannel, FileLock lock, SpoolBudget budget, ResultSpool results) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.budget = budget;
    this.results = results;
    this.output = new OutputSpool(dir.resolve(OUTPUT_DIR), budget);
    this.ledger = new ProcessLedger(dir);
  }

  /**
   * Creates the spool of the run {@code incarnation} of worker {@code name}.
   *
   * @throws UncheckedIOException when the directory cannot be made or locked (the message says where)
   */
  static WorkerSpool create(Path stateDir, String name, String incarnation, long maxBytes) {
    Path dir = workerDir(stateDir, name).resolve(incarnation);
    try {
      Files.createDirectories(dir);
      FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        throw new IOException("another process holds its lock");
      }
      return new WorkerSpool(dir, ch, lock, new SpoolBudget(maxBytes, dir.toString()), ResultSpool.create(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the worker spool " + dir + ": " + e.getMessage()
          + " (check that the state directory is writable and has free space, or choose another one)", e);
    }
  }

  static Path workerDir(Path stateDir, String name) {
    return stateDir.resolve("spool").resolve(name);
  }

  ResultSpool results() {
    return results;
  }

  OutputSpool output() {
    return output;
  }

  ProcessLedger ledger() {
    return ledger;
  }

  Path dir() {
    return dir;
  }

  /** Bytes of output on disk now. */
  long usedBytes() {
    return budget.used();
  }

  /**
   * Closes the journal and releases the lock; deletes the directory when no report waits, else
   * leaves it for the next start to deliver.
   */
  @Override
  public void close() {
    results.close();
    boolean empty = results.pendingCount() == 0;
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // the lock goes with the process anyway
    }
    if (empty) {
      JobDirectories.deleteQuietly(dir); // a leftover is looked at again by the next start
    }
  }

  /**
   * The spools that earlier runs of worker {@code name} left and that no live process holds, each
   * locked for the caller until it is closed. Spools that cannot be read are skipped.
   */
  static List<PreviousRun> previousRuns(Path stateDir, String name) {
    Path workerDir = workerDir(stateDir, name);
    List<PreviousRun> runs = new ArrayList<>();
    if (!Files.isDirectory(workerDir)) {
      return runs;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workerDir, Files::isDirectory)) {
      for (Path d : dirs) {
        PreviousRun run = PreviousRun.claim(d);
        if (run != null) {
          runs.add(run);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the worker spool " + workerDir + ": " + e.getMessage(), e);
    }
    return runs;
  }

  /** The spool of a run that is gone, locked by this process while it delivers what is in it. */
  record PreviousRun(Path dir, FileChannel lockChannel, FileLock lock, List<ResultSpool.Entry> results,
      Map<LeaseRef, List<StreamSegments>> output) implements AutoCloseable {

    /** Locks and reads {@code dir}; null when a live run holds it. */
    static PreviousRun claim(Path dir) throws IOException {
      FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        return null;
      }
      try {
        return new PreviousRun(dir, ch, lock, ResultSpool.recover(dir), OutputSpool.recover(dir.resolve(OUTPUT_DIR)));
      } catch (IOException | RuntimeException e) {
        lock.release();
        ch.close();
        throw e;
      }
    }

    Path outputDir() {
      return dir.resolve(OUTPUT_DIR);
    }

    /** Deletes the spool: everything in it was delivered or refused. */
    void delete() {
      JobDirectories.deleteQuietly(dir); // a leftover is looked at again by the next start
    }

    @Override
    public void close() {
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException e) {
        // released with the channel or the process anyway
      }
    }
  }
}
