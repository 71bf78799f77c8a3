package io.relayq.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * SQLite stores: each a data directory under the run's scratch space, served by the product's own
 * {@code relayq server --data DIR}, exactly as users run it.
 */
final class SqliteStores implements StoreFactory {
  private final Path parent;

  SqliteStores(Path parent) {
    this.parent = parent;
  }

  @Override
  public StoreKind kind() {
    return StoreKind.SQLITE;
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.empty();
  }

  @Override
  public StoreInstance create(String name) {
    Path dir = parent.resolve("sqlite-" + name);
    delete(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
    return new Instance(dir);
  }

  private record Instance(Path dataDir) implements StoreInstance {
    /** The file name {@code relayq server} gives its store inside {@code --data}. */
    private static final String DB_FILE = "relayq.db";

    @Override
    public StoreKind kind() {
      return StoreKind.SQLITE;
    }

    @Override
    public List<String> coordinatorCommand(BenchEnv env, List<String> extraJvmFlags) {
      List<String> flags = new ArrayList<>(env.flags().server());
      flags.addAll(extraJvmFlags);
      return env.relayq(flags, List.of("server", "--port", "0", "--data", dataDir.toString()));
    }

    @Override
    public String loaderSpec() {
      return "sqlite:" + dataDir.resolve(DB_FILE);
    }

    @Override
    public void close() {
      delete(dataDir);
    }
  }

  /** Deletes a directory tree; a large queue's file is gigabytes, so it must not stay behind. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + "; remove it by hand", e);
    }
  }
}
