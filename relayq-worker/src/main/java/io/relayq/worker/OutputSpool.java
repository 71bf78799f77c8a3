package io.relayq.worker;

import io.relayq.core.OutputChannel;
import io.relayq.core.api.LeaseRef;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a worker run keeps output that went to disk: one directory per attempt,
 * {@code <jobId>-<attempt>/}, holding each stream's files ({@link StreamSegments}). Directories are
 * made on the first byte that goes to disk, so most attempts never get one.
 */
final class OutputSpool {
  private final Path dir;
  private final SpoolBudget budget;

  OutputSpool(Path dir, SpoolBudget budget) {
    this.dir = dir;
    this.budget = budget;
  }

  /** An empty spool for {@code stream} of {@code ref}, from offset 0. */
  StreamSpool stream(LeaseRef ref, OutputChannel stream) {
    return new StreamSpool(stream, StreamSegments.empty(attemptDir(dir, ref), stream, budget, 0));
  }

  /** Deletes what is left of {@code ref}'s output on disk. */
  void remove(LeaseRef ref) {
    deleteAttemptDir(attemptDir(dir, ref));
  }

  private static Path attemptDir(Path dir, LeaseRef ref) {
    return dir.resolve(ref.jobId() + "-" + ref.attempt());
  }

  /** The output a previous run left in {@code dir}, by attempt; its budget is unbounded. */
  static Map<LeaseRef, List<StreamSegments>> recover(Path dir) throws IOException {
    Map<LeaseRef, List<StreamSegments>> found = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    SpoolBudget unbounded = new SpoolBudget(Long.MAX_VALUE, dir.toString());
    try (DirectoryStream<Path> attempts = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path a : attempts) {
        LeaseRef ref = parse(a.getFileName().toString());
        if (ref == null) {
          continue;
        }
        List<StreamSegments> streams = new ArrayList<>(2);
        for (OutputChannel stream : OutputChannel.values()) {
          StreamSegments s = StreamSegments.open(a, stream, unbounded);
          if (s != null) {
            streams.add(s);
          }
        }
        found.put(ref, streams);
      }
    }
    return found;
  }

  /** Deletes the directory of a recovered attempt. */
  static void remove(Path dir, LeaseRef ref) {
    deleteAttemptDir(attemptDir(dir, ref));
  }

  private static LeaseRef parse(String name) {
    int dash = name.lastIndexOf('-');
    if (dash <= 0) {
      return null;
    }
    try {
      return new LeaseRef(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void deleteAttemptDir(Path attemptDir) {
    if (!Files.isDirectory(attemptDir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(attemptDir)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(attemptDir);
    } catch (IOException e) {
      // left for the next start to clean up
    }
  }
}
