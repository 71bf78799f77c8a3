package io.relayq.store.sqlite;

import static io.relayq.store.testkit.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.core.Job;
import io.relayq.store.JobStore;
import io.relayq.store.StoreException;
import io.relayq.store.testkit.JobStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real SQLite file, plus what only a file-backed store can show. */
class SqliteJobStoreTest extends JobStoreContract {
  @TempDir
  static Path dir;
  private static int stores;
  private Path file;

  @Override
  protected JobStore newStore() {
    file = dir.resolve("store-" + (++stores) + "/relayq.db");
    return SqliteJobStore.open(file);
  }

  @Override
  protected JobStore reopen() {
    return SqliteJobStore.open(file);
  }

  @Test
  void openCreatesMissingDirectoriesAndTheSchema() {
    Path nested = dir.resolve("a/b/c/relayq.db");

    try (SqliteJobStore s = SqliteJobStore.open(nested)) {
      s.checkHealth();
      assertThat(s.file()).isEqualTo(nested.toAbsolutePath());
    }

    assertThat(nested).isRegularFile();
  }

  @Test
  void aSubmittedJobIsInTheFileAfterTheStoreIsClosed() {
    Job job = store.submit(aJob().at(now).build()).job();
    store.close();
    store = null;

    try (SqliteJobStore again = SqliteJobStore.open(file)) {
      assertThat(again.findJob(job.id())).contains(job);
    }
  }

  @Test
  void openingWhereAFileBlocksTheDirectoryFailsWithAClearMessage() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");

    assertThatThrownBy(() -> SqliteJobStore.open(blocker.resolve("relayq.db")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot create the data directory " + blocker)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void openingAFileThatIsNotADatabaseFailsWithAClearMessage() throws IOException {
    Path garbage = dir.resolve("garbage/relayq.db");
    Files.createDirectories(garbage.getParent());
    Files.write(garbage, new byte[4096]);
    Files.writeString(garbage, "this is not a database, just text that fills the first page of the file");

    assertThatThrownBy(() -> SqliteJobStore.open(garbage))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("not a relayq SQLite database");
  }

  @Test
  void aFullDiskFailsTheSubmitWithAClearMessageAndWritesNothing() {
    SqliteDatabase db = ((SqliteJobStore) store).database();
    long pages = db.write("test setup", sql -> sql.one("PRAGMA page_count", rs -> rs.getLong(1)).orElseThrow());
    // SQLite reports SQLITE_FULL once the file would grow past this, exactly as on a full disk
    db.write("test setup", sql -> sql.one("PRAGMA max_page_count = " + pages, rs -> rs.getLong(1)));
    var big = aJob().withStdin("x".repeat(512 * 1024)).at(now).build();

    assertThatThrownBy(() -> store.submit(big))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("the store cannot write: disk full at " + file.toAbsolutePath())
        .hasMessageContaining("the submit was rolled back: nothing was written");

    assertThat(store.findJob(big.id())).isEmpty();
    assertThat(store.eventsAfter(0, 10)).isEmpty();
    Job small = store.submit(aJob().at(now).build()).job();
    assertThat(store.findJob(small.id())).contains(small);
  }

  @Test
  void commitsGoToTheWriteAheadLogAndAreSyncedToDiskBeforeReturning() throws Exception {
    SqliteDatabase db = ((SqliteJobStore) store).database();
    int fullSync = 2;

    Optional<Integer> writer = db.write("test", sql -> sql.one("PRAGMA synchronous", rs -> rs.getInt(1)));
    Optional<Integer> reader = db.read("test", sql -> sql.one("PRAGMA synchronous", rs -> rs.getInt(1)));

    assertThat(writer).contains(fullSync);
    assertThat(reader).contains(fullSync);
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(Jdbc.once(c).one("PRAGMA journal_mode", rs -> rs.getString(1))).contains("wal");
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    store.close();

    assertThatThrownBy(() -> store.findJob("j_0000000000000000"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
    store = null;
  }
}
