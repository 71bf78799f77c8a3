package io.relayq.worker;

import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.ProgressReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Looks at the progress file of every running attempt every {@link #EVERY}; when one changed, reads
 * its last line and asks for a heartbeat, which carries what is new. So a job that rewrites its file
 * a thousand times a second costs two reads and at most two heartbeats a second. Deletes an
 * attempt's file once it is gone.
 */
final class ProgressWatcher implements Runnable {
  static final Duration EVERY = Duration.ofMillis(500);

  private record Seen(long modified, long size) {}

  private final HeldLeases leases;
  private final Path jobsDir;
  private final Runnable beatSoon;
  private final Map<LeaseRef, Seen> seen = new HashMap<>();
  /** Guarded by {@code this}: the latest reading per attempt, and what a heartbeat already delivered. */
  private final Map<LeaseRef, ProgressReport> latest = new HashMap<>();
  private final Map<LeaseRef, ProgressReport> delivered = new HashMap<>();
  private volatile boolean stopping;
  private volatile Thread thread;

  ProgressWatcher(HeldLeases leases, Path jobsDir, Runnable beatSoon) {
    this.leases = leases;
    this.jobsDir = jobsDir;
    this.beatSoon = beatSoon;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    while (!stopping) {
      try {
        Thread.sleep(EVERY);
      } catch (InterruptedException e) {
        return;
      }
      if (look()) {
        beatSoon.run();
      }
    }
  }

  /** Reads changed files; true when some attempt has progress not yet delivered. */
  private boolean look() {
    Set<LeaseRef> running = new HashSet<>();
    for (ActiveAttempt a : leases.all()) {
      LeaseRef ref = a.ref();
      running.add(ref);
      Path file = ProgressFiles.of(jobsDir, ref);
      Seen now = stat(file);
      if (now == null || now.equals(seen.get(ref))) {
        continue;
      }
      seen.put(ref, now);
      ProgressReport p = ProgressFiles.read(file, ref);
      if (p != null) {
        synchronized (this) {
          latest.put(ref, p);
        }
      }
    }
    for (LeaseRef gone : Set.copyOf(seen.keySet())) {
      if (!running.contains(gone)) {
        seen.remove(gone);
        deleteQuietly(ProgressFiles.of(jobsDir, gone));
      }
    }
    synchronized (this) {
      latest.keySet().retainAll(running);
      delivered.keySet().retainAll(running);
      return latest.entrySet().stream().anyMatch(e -> !Objects.equals(delivered.get(e.getKey()), e.getValue()));
    }
  }

  /** What the next heartbeat should carry: readings not delivered yet. */
  synchronized List<ProgressReport> undelivered() {
    return latest.entrySet().stream().filter(e -> !Objects.equals(delivered.get(e.getKey()), e.getValue()))
        .map(Map.Entry::getValue).toList();
  }

  /** A heartbeat carrying {@code sent} was answered. */
  synchronized void delivered(List<ProgressReport> sent) {
    for (ProgressReport p : sent) {
      delivered.put(new LeaseRef(p.jobId(), p.attempt()), p);
    }
  }

  void stop() {
    stopping = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private static Seen stat(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Seen(a.lastModifiedTime().toMillis(), a.size());
    } catch (IOException e) {
      return null;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the next start's jobs directory sweep, or nobody, cares: it is a few bytes
    }
  }
}
