package io.relayq.worker;

import io.relayq.core.api.OutputChunk;
import java.io.IOException;
import java.util.List;

/**
 * What is left of an attempt's output when its process ended: files on disk, delivered first, and
 * the newest bytes, which travel inside the finish report.
 *
 * @param tail at most one chunk per stream, after everything in {@code disk}
 * @param disk streams with bytes on disk, each before its stream's tail chunk
 */
record SpooledOutput(List<OutputChunk> tail, List<StreamSegments> disk) {

  /** Forces the disk part to disk, so it outlives a crash of the machine as the report does. */
  void force() throws IOException {
    for (StreamSegments s : disk) {
      s.force();
    }
  }
}
