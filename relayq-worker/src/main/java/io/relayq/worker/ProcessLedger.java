package io.relayq.worker;

import io.relayq.core.api.LeaseRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process groups a worker run has started and not yet seen end, one small file per attempt
 * ({@code procs/<jobId>-<attempt>}: group id and the start time of its first process). Jobs run in
 * their own sessions, so they outlive a worker that is SIGKILLed or crashes; the next start of
 * the same worker reads its predecessor's ledger and kills those groups before it says hello,
 * since hello hands their jobs to someone else.
 *
 * <p>Known limit: only a group whose first process still runs is recognised (its start time proves
 * the pid was not reused); processes left in a group whose leader already exited, and
 * grandchildren that moved to a group of their own, are not found.
 */
final class ProcessLedger {
  private static final Logger log = LoggerFactory.getLogger(ProcessLedger.class);
  static final String DIR = "procs";

  private final Path dir;

  ProcessLedger(Path spoolDir) {
    this.dir = spoolDir.resolve(DIR);
  }

  /** Notes that {@code ref} runs in process group {@code pgid}; quietly does nothing if it cannot. */
  void started(LeaseRef ref, long pgid) {
    OptionalLong start = ProcessGroup.startTime(pgid);
    if (start.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(file(ref), pgid + " " + start.getAsLong() + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      log.debug("cannot note process group {} of job {}: {}", pgid, ref.jobId(), e.getMessage());
    }
  }

  /** The attempt's processes are over. */
  void ended(LeaseRef ref) {
    try {
      Files.deleteIfExists(file(ref));
    } catch (IOException e) {
      // a stale entry names a group that is gone, which a later start sees and skips
    }
  }

  private Path file(LeaseRef ref) {
    return dir.resolve(ref.jobId() + "-" + ref.attempt());
  }

  /**
   * Kills (TERM, then KILL after {@code grace}) every group in the ledger of an earlier run in
   * {@code spoolDir} whose first process still runs; returns how many groups it killed.
   */
  static int killLeftovers(Path spoolDir, Duration grace) {
    List<ProcessGroup> alive = new ArrayList<>();
    Path dir = spoolDir.resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String[] parts = Files.readString(f, StandardCharsets.US_ASCII).strip().split(" ");
        long pgid = Long.parseLong(parts[0]);
        long started = Long.parseLong(parts[1]);
        OptionalLong now = ProcessGroup.startTime(pgid);
        if (now.isPresent() && now.getAsLong() == started) {
          log.warn("process group {} of {} still runs although the worker that started it is gone; killing it so"
              + " the job does not run twice", pgid, f.getFileName());
          alive.add(new ProcessGroup(pgid));
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read the process ledger {}: {}; processes an earlier run left may still run", dir,
          e.getMessage());
    }
    alive.forEach(g -> g.signal("TERM"));
    awaitGone(alive, grace);
    alive.stream().filter(ProcessGroup::hasLiveMembers).forEach(g -> g.signal("KILL"));
    awaitGone(alive, JobProcess.KILL_WAIT);
    return alive.size();
  }

  private static void awaitGone(List<ProcessGroup> groups, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (groups.stream().anyMatch(ProcessGroup::hasLiveMembers) && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
