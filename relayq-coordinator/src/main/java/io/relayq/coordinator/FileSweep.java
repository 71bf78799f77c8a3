package io.relayq.coordinator;

import io.relayq.store.files.FileBlob;
import io.relayq.store.files.JobFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes files no job uses any more, as part of retention: those of pruned jobs, outputs a later
 * attempt replaced, and uploads never submitted within {@link #ABANDONED_AFTER}. The store row goes
 * first (only if still unused, in one transaction), then the content, so a submit that names an
 * upload at the same moment either keeps it whole or is refused.
 */
final class FileSweep {
  private static final Logger log = LoggerFactory.getLogger(FileSweep.class);
  /** An upload not named by a submit within this long is taken as abandoned. */
  static final Duration ABANDONED_AFTER = Duration.ofDays(1);
  private static final int BATCH = 50;
  private static final int MAX_BATCHES_PER_PASS = 100;

  private final JobFiles files;
  private final FileTransfers transfers;
  private final InstantSource clock;

  FileSweep(FileTransfers transfers, InstantSource clock) {
    this.files = transfers.files();
    this.transfers = transfers;
    this.clock = clock;
  }

  /** Deletes unused files in small batches; returns how many went. */
  int runOnce() {
    int total = 0;
    for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
      List<FileBlob> unused = files.unusedBlobs(clock.instant().minus(ABANDONED_AFTER), BATCH);
      if (unused.isEmpty()) {
        break;
      }
      Map<String, FileBlob> byId = unused.stream().collect(Collectors.toMap(FileBlob::id, Function.identity()));
      List<String> deleted = files.deleteUnusedBlobs(List.copyOf(byId.keySet()));
      for (String id : deleted) {
        try {
          transfers.deleteContent(byId.get(id));
        } catch (IOException | RuntimeException e) {
          log.warn("retention: file {} is deleted from the store but its content in {} could not be removed ({});"
              + " remove it by hand", id, byId.get(id).storage(), e.toString());
        }
      }
      total += deleted.size();
      if (unused.size() < BATCH) {
        break;
      }
    }
    if (total > 0) {
      log.info("retention: deleted {} job files no job uses any more", total);
    }
    return total;
  }
}
