package io.relayq.coordinator;

import io.relayq.core.files.FileNames;
import io.relayq.core.files.JobFile;
import io.relayq.store.files.FileBlob;
import io.relayq.store.files.FileContent;
import io.relayq.store.files.JobFiles;
import io.relayq.store.files.StoreFileContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves file bytes between requests and their content, checking the size bound before reading and
 * the SHA-256 after: a file whose bytes do not match the checksum its sender declared is deleted
 * again, so only verified files ever become complete and usable by a job.
 */
final class FileTransfers {
  private static final Logger log = LoggerFactory.getLogger(FileTransfers.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JobFiles files;
  private final FileContent writeTo;
  private final FileContent inStore;
  private final long maxFileBytes;
  private final InstantSource clock;

  FileTransfers(JobFiles files, JobFileSettings settings, InstantSource clock) {
    this.files = files;
    this.inStore = new StoreFileContent(files);
    this.writeTo = settings.content() == null ? inStore : settings.content();
    this.maxFileBytes = settings.maxFileBytes();
    this.clock = clock;
  }

  JobFiles files() {
    return files;
  }

  /**
   * Stores {@code size} bytes from {@code body} as a new complete blob owned by {@code owner} and
   * returns it.
   *
   * @throws ApiException 413 over the size bound (nothing read), 400 {@code checksum_mismatch} or
   *     {@code upload_incomplete} (nothing kept)
   */
  FileBlob receive(InputStream body, long size, String sha256, String owner) {
    checkSize(size);
    String id = "u_" + HexFormat.of().formatHex(randomBytes());
    files.createBlob(id, writeTo.storage(), owner, clock.instant());
    MessageDigest digest = sha256();
    try {
      writeTo.write(id, new DigestingStream(body, digest), size);
    } catch (IOException e) {
      discard(id, writeTo);
      throw new ApiException(400, "upload_incomplete", "the upload broke off: " + e.getMessage()
          + "; nothing was kept, send the file again");
    } catch (RuntimeException e) {
      discard(id, writeTo);
      throw e;
    }
    String actual = FileNames.hex(digest.digest());
    if (!actual.equals(sha256)) {
      discard(id, writeTo);
      throw new ApiException(400, "checksum_mismatch", "the " + size + " bytes received have SHA-256 " + actual
          + " but " + sha256 + " was declared; the file changed or was damaged on the way, nothing was kept");
    }
    files.completeBlob(id, size, actual);
    return files.findBlob(id).orElseThrow();
  }

  /** Streams a complete blob's bytes from wherever they were written. */
  InputStream open(FileBlob blob) throws IOException {
    return contentOf(blob).open(blob.id(), blob.size());
  }

  /** Removes a blob's content; the row must be gone already, so nothing can use it meanwhile. */
  void deleteContent(FileBlob blob) throws IOException {
    contentOf(blob).delete(blob.id());
  }

  void checkSize(long size) {
    if (size > maxFileBytes) {
      throw ApiException.tooLarge("the file is " + size + " bytes, at most " + maxFileBytes
          + " are accepted per file (the server's --max-file-mb)");
    }
  }

  /**
   * Checks a submitted input against its upload: complete, uploaded by the same token (an admin may
   * use any), and the declared size and checksum.
   */
  void checkInput(JobFile input, Caller caller) {
    FileBlob blob = files.findBlob(input.upload()).filter(FileBlob::complete).orElseThrow(() -> new ApiException(422,
        "unknown_upload", "input '" + input.name() + "': no complete upload " + input.upload()
            + " (it never finished, or was removed unused); upload the file again"));
    if (!caller.isAdmin() && !caller.tokenName().equals(blob.createdBy())) {
      throw new ApiException(403, "not_your_upload", "input '" + input.name() + "': upload " + input.upload()
          + " was made with another token; upload the file with this one");
    }
    if (blob.size() != input.size() || !blob.sha256().equals(input.sha256())) {
      throw ApiException.invalidField("inputs: input '" + input.name() + "' declares " + input.size() + " bytes with"
          + " SHA-256 " + input.sha256() + " but upload " + input.upload() + " holds " + blob.size()
          + " bytes with SHA-256 " + blob.sha256());
    }
  }

  private FileContent contentOf(FileBlob blob) {
    if (blob.storage().equals(writeTo.storage())) {
      return writeTo;
    }
    if (blob.storage().equals(StoreFileContent.STORAGE)) {
      return inStore;
    }
    throw new ApiException(503, "file_storage_unavailable", "file " + blob.id() + " is kept in " + blob.storage()
        + " storage, which this coordinator is not configured for (see --files in docs/CONFIG.md)");
  }

  private void discard(String id, FileContent content) {
    try {
      files.deleteBlob(id);
      content.delete(id);
    } catch (IOException | RuntimeException e) {
      log.warn("could not delete refused upload {} at once ({}); retention removes it later", id, e.toString());
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return b;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** Feeds every byte read through a digest. */
  private static final class DigestingStream extends FilterInputStream {
    private final MessageDigest digest;

    DigestingStream(InputStream in, MessageDigest digest) {
      super(in);
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        digest.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skipping would leave bytes out of the checksum");
    }
  }
}
