package io.relayq.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who a worker process is. The {@code workerId} is random once, kept in {@code stateDir/<name>.id}
 * (mode 0600) and the same across restarts, so the coordinator can tell "this worker restarted"
 * (release its old leases at once) from "another machine took the name" (refuse it). The
 * {@code incarnation} is new for every start.
 */
public record WorkerIdentity(String workerId, String incarnation) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

  /**
   * Reads the worker id of {@code name} from {@code stateDir}, creating it the first time, and
   * draws a new incarnation.
   *
   * @throws UncheckedIOException when the directory or file cannot be read or written
   * @throws IllegalStateException when the file exists but holds no valid id
   */
  public static WorkerIdentity load(Path stateDir, String name) {
    Path file = stateDir.resolve(name + ".id");
    try {
      String id = Files.exists(file) ? read(file) : create(stateDir, file);
      return new WorkerIdentity(id, UUID.randomUUID().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the worker identity in " + file + ": " + e.getMessage()
          + " (check that the state directory is writable, or choose another one)", e);
    }
  }

  private static String read(Path file) throws IOException {
    String id = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException(file + " does not hold a worker id (8-64 letters, digits, '-' or '_'):"
          + " delete it to start as a new worker; the coordinator will then see a new machine under this name");
    }
    return id;
  }

  /** Writes a new id atomically, so a crash never leaves a half-written file; a concurrent start wins. */
  private static String create(Path stateDir, Path file) throws IOException {
    Files.createDirectories(stateDir);
    Path tmp = Files.createTempFile(stateDir, file.getFileName().toString(), ".tmp");
    try {
      restrictToOwner(tmp);
      Files.writeString(tmp, UUID.randomUUID() + "\n", StandardCharsets.UTF_8);
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        return read(file);
      } catch (UnsupportedOperationException noHardLinks) {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      return read(file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions keeps its own access rules
    }
  }
}
