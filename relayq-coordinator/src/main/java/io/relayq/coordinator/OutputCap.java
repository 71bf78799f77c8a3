package io.relayq.coordinator;

import io.relayq.core.api.OutputChunk;
import io.relayq.store.JobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the output one attempt may store, so a job printing without end cannot fill the database.
 * Output up to the cap is stored; the chunk that crosses it is cut there and followed by one marker
 * line; everything after is refused ({@code 413 output_limit}, and the worker stops sending) or, in
 * a finish report, dropped. The job itself runs on and its result is recorded.
 *
 * <p>The bytes stored so far are counted here, starting from the store's figure the first time
 * this coordinator sees an attempt, so a worker moving to another coordinator is still capped. A
 * chunk sent again counts again: the cap errs on the side of storing less.
 */
final class OutputCap {
  private static final int MAX_TRACKED = 100_000;
  private static final long MIB = 1024 * 1024;

  private final JobStore store;
  private final long capBytes;
  private final byte[] marker;
  private final ConcurrentHashMap<String, Long> stored = new ConcurrentHashMap<>();

  OutputCap(JobStore store, long capBytes) {
    this.store = store;
    this.capBytes = capBytes;
    this.marker = ("\n[relayq: output truncated at " + size(capBytes) + "]\n").getBytes(StandardCharsets.UTF_8);
  }

  /** What to store of chunks arriving for an attempt, in order; {@link #reached} tells whether the cap was hit. */
  record Admitted(List<OutputChunk> chunks, boolean reached) {}

  /** Output arriving for an attempt: what of it may be stored. The marker counts as stored too. */
  Admitted admit(String jobId, int attempt, List<OutputChunk> arriving) {
    String key = jobId + "/" + attempt;
    long used = stored.computeIfAbsent(key, k -> {
      if (stored.size() >= MAX_TRACKED) {
        stored.clear();
      }
      return store.outputBytes(jobId, attempt);
    });
    List<OutputChunk> admitted = new ArrayList<>(arriving.size() + 1);
    boolean reached = used >= capBytes;
    for (OutputChunk c : arriving) {
      if (reached) {
        break;
      }
      long room = capBytes - used;
      if (c.data().length <= room) {
        admitted.add(c);
        used += c.data().length;
        continue;
      }
      byte[] head = Arrays.copyOf(c.data(), (int) room);
      if (head.length > 0) {
        admitted.add(new OutputChunk(c.stream(), c.offset(), head));
      }
      admitted.add(new OutputChunk(c.stream(), c.offset() + head.length, marker));
      used += head.length + marker.length;
      reached = true;
    }
    stored.put(key, used);
    return new Admitted(admitted, reached);
  }

  /** The attempt is over: nothing more will arrive for it. */
  void finished(String jobId, int attempt) {
    stored.remove(jobId + "/" + attempt);
  }

  /** The refusal a worker gets for output past the cap. */
  ApiException refusal(String jobId, int attempt) {
    return new ApiException(413, "output_limit", "attempt " + attempt + " of job " + jobId + " stored its "
        + size(capBytes) + " of output; the rest is dropped (the job runs on; raise the cap with"
        + " relayq server --max-output-mb)");
  }

  private static String size(long bytes) {
    return bytes % MIB == 0 ? bytes / MIB + " MiB" : bytes + " bytes";
  }
}
