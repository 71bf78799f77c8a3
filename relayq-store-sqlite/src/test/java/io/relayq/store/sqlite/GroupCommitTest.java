package io.relayq.store.sqlite;

import static io.relayq.store.testkit.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relayq.store.NewJob;
import io.relayq.store.StoreException;
import io.relayq.store.SubmitResult;
import io.relayq.store.testkit.Jobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions that share one commit must not share each other's failures. */
class GroupCommitTest {
  @TempDir
  Path dir;
  private SqliteJobStore store;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aSubmitThatFillsTheDiskFailsAloneWhileItsGroupCommits() throws Exception {
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    SqliteDatabase db = store.database();
    long pages = db.write("test setup", sql -> sql.one("PRAGMA page_count", rs -> rs.getLong(1)).orElseThrow());
    // room for a few small jobs (4 KiB pages), none for half a megabyte of stdin
    db.write("test setup", sql -> sql.one("PRAGMA max_page_count = " + (pages + 40), rs -> rs.getLong(1)));
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Object> hold = CompletableFuture.supplyAsync(() -> db.write("hold the writer", c -> {
      holding.countDown();
      waitFor(release);
      return null;
    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

    List<NewJob> jobs = List.of(small(), small(), aJob().withStdin("x".repeat(512 * 1024)).build(), small(), small());
    List<CompletableFuture<SubmitResult>> submits = new ArrayList<>();
    for (NewJob job : jobs) {
      int queued = db.queuedWrites();
      submits.add(CompletableFuture.supplyAsync(() -> store.submit(job)));
      await().atMost(10, TimeUnit.SECONDS).until(() -> db.queuedWrites() == queued + 1);
    }
    release.countDown();
    hold.get(10, TimeUnit.SECONDS);

    for (int i = 0; i < jobs.size(); i++) {
      if (i == 2) {
        assertThatThrownBy(() -> submits.get(2).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(StoreException.class).hasMessageContaining("disk full");
        assertThat(store.findJob(jobs.get(2).id())).isEmpty();
      } else {
        assertThat(submits.get(i).get(10, TimeUnit.SECONDS).status()).isEqualTo(SubmitResult.Status.CREATED);
        assertThat(store.findJob(jobs.get(i).id())).isPresent();
      }
    }
    assertThat(store.eventsAfter(0, 100)).hasSize(4);
  }

  private static NewJob small() {
    return aJob().at(Jobs.T0).build();
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
