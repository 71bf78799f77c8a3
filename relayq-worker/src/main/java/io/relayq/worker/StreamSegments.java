package io.relayq.worker;

import io.relayq.core.OutputChannel;
import io.relayq.core.api.OutputChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Bytes of one output stream of one attempt kept on disk, from {@link #start()} to {@link #end()}:
 * files named {@code <stream>.<offset>} of up to {@value #SEGMENT_BYTES} bytes, each holding the
 * stream from that offset on. Appending goes to the last file; delivered bytes are dropped from
 * the front a whole file at a time, so the disk holds at most one file of delivered bytes. A later
 * run can reopen the files ({@link #open}) and go on delivering from the first one: the
 * coordinator skips bytes it already has at an offset. Not thread-safe.
 */
final class StreamSegments {
  static final int SEGMENT_BYTES = 4 * 1024 * 1024;

  private final Path dir;
  private final OutputChannel stream;
  private final SpoolBudget budget;
  private final Deque<Segment> segments = new ArrayDeque<>();
  private long start;
  private long end;

  private record Segment(Path file, long offset, long length) {
    Segment grown(long n) {
      return new Segment(file, offset, length + n);
    }

    long endOffset() {
      return offset + length;
    }
  }

  private StreamSegments(Path dir, OutputChannel stream, SpoolBudget budget, long start) {
    this.dir = dir;
    this.stream = stream;
    this.budget = budget;
    this.start = start;
    this.end = start;
  }

  /** No bytes yet; the first append writes a file at {@code offset}. */
  static StreamSegments empty(Path dir, OutputChannel stream, SpoolBudget budget, long offset) {
    return new StreamSegments(dir, stream, budget, offset);
  }

  /** The files a previous run left in {@code dir} for {@code stream}; null when there are none. */
  static StreamSegments open(Path dir, OutputChannel stream, SpoolBudget budget) throws IOException {
    List<Segment> found = new ArrayList<>();
    String prefix = stream.wireName() + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
      for (Path f : files) {
        try {
          long offset = Long.parseLong(f.getFileName().toString().substring(prefix.length()));
          found.add(new Segment(f, offset, Files.size(f)));
        } catch (NumberFormatException notOurs) {
          // a file this class did not write; left alone
        }
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    found.sort(Comparator.comparingLong(Segment::offset));
    StreamSegments s = new StreamSegments(dir, stream, budget, found.getFirst().offset());
    for (Segment seg : found) {
      if (seg.offset() != s.end) {
        break; // a gap: what follows cannot be placed; deliver up to it
      }
      s.segments.addLast(seg);
      s.end = seg.endOffset();
    }
    return s;
  }

  OutputChannel stream() {
    return stream;
  }

  /** Stream offset of the first byte held. */
  long start() {
    return start;
  }

  /** Stream offset just after the last byte held. */
  long end() {
    return end;
  }

  long size() {
    return end - start;
  }

  /**
   * Appends {@code length} bytes at {@link #end()}; false, with nothing written, when the spool
   * budget has no room for them.
   *
   * @throws IOException when the disk refuses the write (full, read-only); nothing counts as held then
   */
  boolean append(byte[] data, int offset, int length) throws IOException {
    if (!budget.tryTake(length)) {
      return false;
    }
    try {
      int done = 0;
      while (done < length) {
        Segment last = segments.peekLast();
        if (last == null || last.length() >= SEGMENT_BYTES) {
          last = new Segment(dir.resolve(stream.wireName() + "." + String.format("%019d", end)), end, 0);
          Files.createDirectories(dir);
          segments.addLast(last);
        }
        int n = (int) Math.min(length - done, SEGMENT_BYTES - last.length());
        try (FileChannel ch = FileChannel.open(last.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
          ByteBuffer buf = ByteBuffer.wrap(data, offset + done, n);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
        segments.pollLast();
        segments.addLast(last.grown(n));
        end += n;
        done += n;
      }
      return true;
    } catch (IOException e) {
      budget.give(length);
      throw e;
    }
  }

  /** Up to {@code max} bytes from {@link #start()}, never across a file boundary. */
  OutputChunk peek(int max) {
    Segment first = segments.peekFirst();
    if (first == null || size() == 0) {
      return new OutputChunk(stream, start, new byte[0]);
    }
    long within = start - first.offset();
    int n = (int) Math.min(max, first.length() - within);
    byte[] bytes = new byte[n];
    try (FileChannel ch = FileChannel.open(first.file(), StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        if (ch.read(buf, within + buf.position()) < 0) {
          throw new IOException(first.file() + " is shorter than " + (within + n) + " bytes");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spooled output " + first.file() + ": " + e.getMessage(), e);
    }
    return new OutputChunk(stream, start, bytes);
  }

  /** Drops the first {@code n} bytes once delivered; files wholly delivered are deleted. */
  void consume(long n) {
    start += n;
    while (!segments.isEmpty() && segments.peekFirst().endOffset() <= start
        && (segments.size() > 1 || start == end)) {
      delete(segments.pollFirst());
    }
  }

  /** Moves an empty stream on by {@code n} bytes that were delivered without passing through here. */
  void advanceEmpty(long n) {
    if (size() != 0) {
      throw new IllegalStateException("cannot skip " + n + " bytes of " + stream.wireName() + ": " + size()
          + " bytes are still on disk before them");
    }
    start += n;
    end += n;
  }

  /** Forces the held bytes to disk, so they outlive a crash of the machine too. */
  void force() throws IOException {
    for (Segment s : segments) {
      try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.WRITE)) {
        ch.force(false);
      }
    }
  }

  /** Deletes every file; nothing is held afterwards. */
  void clear() {
    while (!segments.isEmpty()) {
      delete(segments.pollFirst());
    }
    start = end;
  }

  private void delete(Segment s) {
    budget.give(s.length());
    try {
      Files.deleteIfExists(s.file());
    } catch (IOException e) {
      // a leftover file is found and cleaned up by the next start
    }
  }
}
