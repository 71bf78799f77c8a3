package io.relayq.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin token a coordinator writes on its first start, {@code ~/.relayq/token} (mode 0600), so
 * that the relayq tools of the same user on the same machine work without any set-up. It is read
 * only when no token is given otherwise, and only for a coordinator on this machine (a loopback
 * address): it is never sent to a remote server.
 */
public final class LocalTokenFile {
  /** The file's name inside {@code ~/.relayq}. */
  public static final String FILE_NAME = "token";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private LocalTokenFile() {}

  /** {@code $HOME/.relayq/token}; {@code HOME} from {@code env}, so tests can move it. */
  public static Path path(Map<String, String> env) {
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home");
    }
    return Path.of(home, ".relayq", FILE_NAME);
  }

  /**
   * The token in the file, when {@code server} is on this machine and the file exists; empty
   * otherwise.
   *
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  public static Optional<String> readFor(URI server, Map<String, String> env) {
    if (!isOnThisMachine(server)) {
      return Optional.empty();
    }
    Path file = path(env);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the relayq token file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether others than the owner may read or write {@code file}; false when it does not exist or
   * the file system has no POSIX permissions.
   */
  public static boolean isOpenToOthers(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      return perms.stream().anyMatch(p -> !OWNER_ONLY.contains(p) && p != PosixFilePermission.OWNER_EXECUTE);
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  /**
   * Writes {@code token} to {@code file}, readable by its owner only (0600) from the moment it
   * exists: it is written to a temporary file created with that mode, then moved into place.
   */
  public static void write(Path file, String token) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        throw new IOException("another process is writing " + tmp, e);
      }
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code server}'s host is a loopback address: the token file is sent nowhere else. */
  public static boolean isOnThisMachine(URI server) {
    return server != null && isLoopback(server.getHost());
  }

  /** localhost, 127.0.0.0/8, ::1 (a name is resolved without a DNS lookup only when it is literal). */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
