package io.relayq.client;

import io.relayq.core.files.FileNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Moves files to and from a coordinator with their SHA-256: uploads declare it in
 * {@value #SHA256_HEADER}, downloads are checked against the one the coordinator sends and land
 * under their final name only when they match.
 */
final class FileTransfer {
  static final String SHA256_HEADER = "X-Relayq-Sha256";
  /** Files may be large and links slow: a transfer may take this long. */
  static final Duration TIMEOUT = Duration.ofHours(6);
  private static final int BUFFER = 64 * 1024;

  private FileTransfer() {}

  /** The SHA-256 of a file, as 64 lowercase hex digits. */
  static String sha256(Path file) {
    MessageDigest digest = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return FileNames.hex(digest.digest());
  }

  /**
   * Sends {@code file} with {@code method} to {@code uri} and returns the reply's body. Asks the
   * server to go ahead first ({@code Expect: 100-continue}), so a refused file is not sent in vain.
   */
  static byte[] upload(HttpTransport http, String method, URI uri, Path file, String sha256, LongConsumer progress) {
    HttpRequest.BodyPublisher body;
    try {
      body = progress == null ? HttpRequest.BodyPublishers.ofFile(file)
          : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
              () -> counting(file, progress)), Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).method(method, body).expectContinue(true)
        .header("Content-Type", "application/octet-stream").header(SHA256_HEADER, sha256)
        .header("Accept", "application/json");
    return http.send(req, TIMEOUT).body();
  }

  /**
   * Downloads {@code uri} into {@code target}: into a temporary file beside it first, renamed once
   * its SHA-256 matches the one the server declared.
   *
   * @throws ChecksumMismatchException when the bytes do not match; nothing is left at {@code target}
   */
  static String download(HttpTransport http, URI uri, Path target) {
    Path partial = target.resolveSibling(".relayq-partial-" + Math.abs(target.getFileName().toString().hashCode()));
    // a stream, not a file handler: an error reply's body must stay readable as the error
    HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(uri).GET(),
        HttpResponse.BodyHandlers.ofInputStream(), TIMEOUT);
    String declared = res.headers().firstValue(SHA256_HEADER).orElse(null);
    try {
      try (InputStream body = res.body()) {
        Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      String actual = sha256(partial);
      if (!actual.equals(declared)) {
        Files.deleteIfExists(partial);
        throw new ChecksumMismatchException(target.getFileName() + ": downloaded bytes have SHA-256 " + actual
            + " but the coordinator declared " + declared + "; nothing was kept");
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return actual;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static InputStream counting(Path file, LongConsumer progress) {
    try {
      InputStream in = Files.newInputStream(file);
      return new java.io.FilterInputStream(in) {
        private long sent;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, Math.min(len, BUFFER));
          if (n > 0) {
            sent += n;
            progress.accept(sent);
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
