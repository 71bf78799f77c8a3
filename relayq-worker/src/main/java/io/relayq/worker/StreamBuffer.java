package io.relayq.worker;

import io.relayq.core.OutputChannel;
import io.relayq.core.api.OutputChunk;
import java.util.Arrays;

/**
 * Bytes of one stream of one attempt that are not yet confirmed sent, with the stream offset of the
 * first of them. Not thread-safe: {@link OutputSender} guards it.
 */
final class StreamBuffer {
  private final OutputChannel stream;
  private byte[] bytes = new byte[0];
  private int size;
  private long startOffset;

  StreamBuffer(OutputChannel stream) {
    this.stream = stream;
  }

  int size() {
    return size;
  }

  void append(byte[] data, int offset, int length) {
    if (size + length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + length, bytes.length * 2));
    }
    System.arraycopy(data, offset, bytes, size, length);
    size += length;
  }

  /** A copy of the first {@code max} bytes (or fewer) as a chunk at their stream offset. */
  OutputChunk peek(int max) {
    return new OutputChunk(stream, startOffset, Arrays.copyOf(bytes, Math.min(size, max)));
  }

  /** Drops the first {@code n} bytes once they were sent. */
  void consume(int n) {
    System.arraycopy(bytes, n, bytes, 0, size - n);
    size -= n;
    startOffset += n;
  }

  void clear() {
    startOffset += size;
    size = 0;
    bytes = new byte[0];
  }
}
