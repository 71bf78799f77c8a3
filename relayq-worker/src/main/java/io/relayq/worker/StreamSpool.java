package io.relayq.worker;

import io.relayq.core.OutputChannel;
import io.relayq.core.api.OutputChunk;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes of one stream of one attempt that the coordinator has not confirmed yet, oldest first.
 * The newest up to {@value #MEMORY_LIMIT} bytes stay in memory; older ones, when a job writes
 * faster than the coordinator takes it or the coordinator does not answer, go to disk
 * ({@link StreamSegments}), so memory stays bounded and a long outage fills the spool, not the heap.
 * A short job's output never touches the disk. Not thread-safe: {@link OutputSender} guards it.
 */
final class StreamSpool {
  /** Memory kept per stream; both streams together fit in one finish report. */
  static final int MEMORY_LIMIT = OutputSender.MAX_INLINE / 2;
  private static final Logger log = LoggerFactory.getLogger(StreamSpool.class);

  private final OutputChannel stream;
  private final StreamSegments disk;
  private byte[] memory = new byte[0];
  private int memorySize;
  private boolean diskFailed;

  StreamSpool(OutputChannel stream, StreamSegments disk) {
    this.stream = stream;
    this.disk = disk;
  }

  long size() {
    return disk.size() + memorySize;
  }

  /** Stream offset of the first byte in memory; bytes before it are on disk. */
  private long memoryStart() {
    return disk.end();
  }

  /**
   * Takes {@code length} bytes after the ones held; false, with nothing taken, when there is no
   * room now: memory is full and the spool budget or the disk refuses more. Room comes back as
   * the coordinator takes bytes ({@link #consume}).
   */
  boolean append(byte[] data, int offset, int length) {
    if (memorySize + length <= MEMORY_LIMIT) {
      appendToMemory(data, offset, length);
      return true;
    }
    if (!spill()) {
      return false;
    }
    if (length <= MEMORY_LIMIT) {
      appendToMemory(data, offset, length);
      return true;
    }
    return writeToDisk(data, offset, length);
  }

  private void appendToMemory(byte[] data, int offset, int length) {
    if (memorySize + length > memory.length) {
      memory = Arrays.copyOf(memory, Math.min(MEMORY_LIMIT, Math.max(memorySize + length, memory.length * 2)));
    }
    System.arraycopy(data, offset, memory, memorySize, length);
    memorySize += length;
  }

  /** Moves the memory bytes to disk; false when the disk does not take them. */
  private boolean spill() {
    if (memorySize == 0) {
      return true;
    }
    if (!writeToDisk(memory, 0, memorySize)) {
      return false;
    }
    memorySize = 0;
    return true;
  }

  private boolean writeToDisk(byte[] data, int offset, int length) {
    try {
      boolean written = disk.append(data, offset, length);
      if (written && diskFailed) {
        diskFailed = false;
        log.info("spooling {} output to disk works again", stream.wireName());
      }
      return written;
    } catch (IOException e) {
      if (!diskFailed) {
        diskFailed = true;
        log.error("cannot spool {} output to disk: {}; the job's writes wait until the coordinator takes what"
            + " is in memory (free space on the worker's state directory)", stream.wireName(), e.getMessage());
      }
      return false;
    }
  }

  /** Up to {@code max} of the oldest bytes held, from disk first. */
  OutputChunk peek(int max) {
    if (disk.size() > 0) {
      return disk.peek(max);
    }
    return new OutputChunk(stream, memoryStart(), Arrays.copyOf(memory, Math.min(memorySize, max)));
  }

  /** Drops the oldest {@code n} bytes, as {@link #peek} returned them, once delivered. */
  void consume(int n) {
    if (disk.size() > 0) {
      disk.consume(n);
      return;
    }
    System.arraycopy(memory, n, memory, 0, memorySize - n);
    memorySize -= n;
    // the empty disk part moves along, so a later spill starts its file at the right offset
    disk.advanceEmpty(n);
  }

  /**
   * Hands what is held over for the finish report: the disk part (to be delivered first) and the
   * memory part as one chunk (null when empty), to travel inside the report. Takes nothing more
   * afterwards.
   */
  Handover handOver() {
    OutputChunk tail = memorySize == 0 ? null
        : new OutputChunk(stream, memoryStart(), Arrays.copyOf(memory, memorySize));
    memory = new byte[0];
    memorySize = 0;
    return new Handover(disk, tail);
  }

  /** What {@link #handOver} returns: bytes on disk (maybe none) and the memory tail after them. */
  record Handover(StreamSegments disk, OutputChunk tail) {}

  /** Drops everything held, on disk too. */
  void clear() {
    disk.clear();
    disk.advanceEmpty(memorySize);
    memory = new byte[0];
    memorySize = 0;
  }
}
