package io.relayq.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayq.core.Json;
import io.relayq.core.api.FinishReport;
import io.relayq.core.api.LeaseRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finish reports a worker has not delivered yet, in an append-only journal on disk
 * ({@code results-<n>.log}): a report is appended and forced to disk before the worker counts the
 * attempt's result as recorded, and a {@code done} entry follows once the coordinator took or
 * refused it. Reports finishing at the same time share one write and one fsync (group commit).
 * When a file passes {@value #ROLL_BYTES} bytes, the reports still pending move to a new file and
 * the old one is deleted.
 *
 * <p>Each line is {@code <crc32 hex> <json>}; a line cut short by a crash fails its check and is
 * ignored along with the rest of its file (it was never forced, so never counted as recorded). A
 * {@code done} entry is written at once but not forced: lost in a crash of the machine, it only
 * makes the next start deliver the report once more, which the coordinator refuses as stale.
 */
final class ResultSpool implements AutoCloseable {
  static final long ROLL_BYTES = 1024 * 1024;
  private static final String PREFIX = "results-";
  private static final String SUFFIX = ".log";
  private static final ObjectMapper JSON = Json.mapper();
  private static final Logger log = LoggerFactory.getLogger(ResultSpool.class);

  /** One journal line. */
  record Entry(String kind, String jobId, Integer attempt, FinishReport report) {
    static Entry finish(LeaseRef ref, FinishReport report) {
      return new Entry("finish", ref.jobId(), ref.attempt(), report);
    }

    static Entry done(LeaseRef ref) {
      return new Entry("done", ref.jobId(), ref.attempt(), null);
    }

    LeaseRef ref() {
      return new LeaseRef(jobId, attempt);
    }
  }

  /** Lines appended together and written by one writer; every waiter learns how it went. */
  private static final class Batch {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** Holds a report someone waits for: it must be forced, not just written. */
    boolean durable;
    boolean written;
    IOException failure;
  }

  private final Path dir;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  private final Map<LeaseRef, byte[]> pending = new LinkedHashMap<>();
  private Batch current = new Batch();
  private boolean writing;
  private FileChannel file;
  private Path filePath;
  private int fileNumber;
  private long fileSize;

  private ResultSpool(Path dir) {
    this.dir = dir;
  }

  /** A new, empty journal in {@code dir}, which must hold no journal yet. */
  static ResultSpool create(Path dir) throws IOException {
    Files.createDirectories(dir);
    ResultSpool spool = new ResultSpool(dir);
    spool.openFile(1);
    return spool;
  }

  /**
   * The reports a previous run recorded in {@code dir} and never marked done, oldest first.
   * Damaged lines are skipped with a warning; what follows them in the same file is not trusted.
   */
  static List<Entry> recover(Path dir) throws IOException {
    Map<LeaseRef, Entry> open = new LinkedHashMap<>();
    for (Path f : journalFiles(dir)) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        Entry e = decode(lines.get(i));
        if (e == null) {
          log.warn("{} line {} is damaged (cut short by a crash?); it and the {} lines after it are ignored", f, i + 1,
              lines.size() - i - 1);
          break;
        }
        if (e.kind().equals("finish")) {
          open.put(e.ref(), e);
        } else {
          open.remove(e.ref());
        }
      }
    }
    return new ArrayList<>(open.values());
  }

  /**
   * Appends {@code report} and returns once it is forced to disk, together with reports other
   * threads recorded meanwhile.
   *
   * @throws IOException when it could not be written or forced (disk full, read-only); the report
   *     then counts as not recorded
   */
  void record(LeaseRef ref, FinishReport report) throws IOException {
    byte[] line = encode(Entry.finish(ref, report));
    lock.lock();
    try {
      pending.put(ref, line);
      Batch mine = current;
      mine.bytes.writeBytes(line);
      mine.durable = true;
      while (!mine.written) {
        if (writing) {
          written.awaitUninterruptibly();
        } else {
          writeCurrentBatch();
        }
      }
      if (mine.failure != null) {
        pending.remove(ref);
        throw mine.failure;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Notes that the coordinator took or refused the report of {@code ref}; it is not delivered
   * again. The entry is written at once unless a write is under way (then it goes with the next
   * one), but not forced.
   */
  void done(LeaseRef ref) {
    lock.lock();
    try {
      if (pending.remove(ref) != null) {
        current.bytes.writeBytes(encode(Entry.done(ref)));
        if (!writing) {
          writeCurrentBatch();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many reports wait for delivery. */
  int pendingCount() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the current batch, forced when it holds a report; called with the lock held and no
   * writer active, returns with the lock held.
   */
  private void writeCurrentBatch() {
    Batch batch = current;
    boolean force = batch.durable;
    current = new Batch();
    writing = true;
    boolean roll = fileSize > ROLL_BYTES;
    List<byte[]> carried = roll ? List.copyOf(pending.values()) : List.of();
    lock.unlock();
    IOException failure = null;
    try {
      if (roll) {
        roll(carried);
      }
      write(batch.bytes.toByteArray(), force);
    } catch (IOException e) {
      failure = e;
    } finally {
      lock.lock();
      writing = false;
      batch.written = true;
      batch.failure = failure;
      written.signalAll();
    }
  }

  private void write(byte[] bytes, boolean force) throws IOException {
    if (bytes.length == 0) {
      return;
    }
    long before = fileSize;
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        file.write(buf);
      }
      if (force) {
        file.force(false);
      }
      fileSize += bytes.length;
    } catch (IOException e) {
      // a half-written line would hide the lines after it from recovery: cut it off
      try {
        file.truncate(before);
        file.position(before);
      } catch (IOException ignored) {
        // the failed line is then skipped as damaged by recovery, which is still safe
      }
      throw e;
    }
  }

  /** Moves the pending reports to a new file, forced, then deletes the old one. */
  private void roll(List<byte[]> carried) throws IOException {
    Path old = filePath;
    FileChannel oldFile = file;
    openFile(fileNumber + 1);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    carried.forEach(all::writeBytes);
    write(all.toByteArray(), true);
    oldFile.close();
    Files.deleteIfExists(old);
  }

  private void openFile(int number) throws IOException {
    fileNumber = number;
    filePath = dir.resolve(PREFIX + String.format("%06d", number) + SUFFIX);
    file = FileChannel.open(filePath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    fileSize = 0;
    fsyncDirectory(dir);
  }

  /** Writes what is not written yet (done entries), then closes the file. */
  @Override
  public void close() {
    lock.lock();
    try {
      while (writing) {
        written.awaitUninterruptibly();
      }
      writeCurrentBatch();
      file.close();
    } catch (IOException e) {
      log.warn("closing the result journal {}: {}", filePath, e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  private static List<Path> journalFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      ds.forEach(files::add);
    }
    files.sort(null);
    return files;
  }

  static byte[] encode(Entry e) {
    try {
      byte[] json = JSON.writeValueAsBytes(e);
      CRC32 crc = new CRC32();
      crc.update(json);
      ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 10);
      out.writeBytes(String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(json);
      out.write('\n');
      return out.toByteArray();
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The entry of a journal line, or null when the line is damaged. */
  static Entry decode(String line) {
    if (line.length() < 10 || line.charAt(8) != ' ') {
      return null;
    }
    byte[] json = line.substring(9).getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(json);
    try {
      if (HexFormat.fromHexDigitsToLong(line.substring(0, 8)) != crc.getValue()) {
        return null;
      }
      Entry e = JSON.readValue(json, Entry.class);
      return e.jobId() == null || e.attempt() == null ? null : e;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Makes a new file's name durable: without it a crash of the machine may lose the whole file. */
  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the file's contents are still forced
    }
  }
}
