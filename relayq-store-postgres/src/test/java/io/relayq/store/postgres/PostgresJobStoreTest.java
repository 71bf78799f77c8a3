package io.relayq.store.postgres;

import static io.relayq.store.testkit.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.core.Job;
import io.relayq.core.RecordedEvent;
import io.relayq.store.JobStore;
import io.relayq.store.StoreException;
import io.relayq.store.testkit.JobStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL server named by {@code RELAYQ_TEST_POSTGRES_URL} (for
 * example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); skipped when it is unset.
 * Every test gets a schema of its own, dropped afterwards.
 */
class PostgresJobStoreTest extends JobStoreContract {
  static final String URL_ENV = "RELAYQ_TEST_POSTGRES_URL";
  private static final String BASE_URL = System.getenv(URL_ENV);

  private final List<JobStore> opened = new ArrayList<>();
  private String schema;

  static String requireServer() {
    Assumptions.assumeTrue(BASE_URL != null && !BASE_URL.isBlank(),
        URL_ENV + " is not set, so the PostgreSQL store is not tested; set it like"
            + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres to run these tests");
    return BASE_URL;
  }

  @Override
  protected JobStore newStore() {
    String base = requireServer();
    schema = "relayq_test_" + UUID.randomUUID().toString().replace("-", "");
    execute(base, "CREATE SCHEMA " + schema);
    return track(PostgresJobStore.open(schemaUrl(base), 12));
  }

  @Override
  protected JobStore reopen() {
    return track(PostgresJobStore.open(schemaUrl(BASE_URL), 12));
  }

  @AfterEach
  void dropSchema() {
    opened.forEach(JobStore::close);
    if (schema != null) {
      execute(BASE_URL, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void aSubmitWakesEveryListenerOnTheDatabase() throws Exception {
    PostgresJobStore other = track(PostgresJobStore.open(schemaUrl(BASE_URL), 2));
    CountDownLatch woken = new CountDownLatch(1);
    other.onJobSubmitted(woken::countDown);

    store.submit(aJob().at(now).build());

    assertThat(woken.await(10, TimeUnit.SECONDS)).as("woken within 10 s").isTrue();
  }

  @Test
  void historyCommittedLateWithASmallerSeqIsNotSkippedByAReaderResumingTheStream() throws Exception {
    Job first = store.submit(aJob().at(now).build()).job();
    Job second;
    PostgresUrl url = schemaUrl(BASE_URL);
    try (Connection slow = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      slow.setAutoCommit(false);
      // a writer that took its seq and has not committed yet, while a faster one commits after it
      Jdbc.one(slow, PostgresSql.HOLD_HISTORY_HORIZON, rs -> true);
      Jdbc.update(slow, PostgresSql.INSERT_EVENT, first.id(), now, "note", "queued", 0, null, "slow writer");
      second = store.submit(aJob().at(now).build()).job();

      assertThat(store.eventsAfter(0, 100)).as("history below the slow writer's seq only")
          .extracting(RecordedEvent::jobId).containsExactly(first.id());
      slow.commit();
    }

    List<RecordedEvent> all = store.eventsAfter(0, 100);
    assertThat(all).extracting(RecordedEvent::detail).containsExactly(null, "slow writer", null);
    assertThat(all).extracting(RecordedEvent::jobId).containsExactly(first.id(), first.id(), second.id());
    assertThat(all).extracting(RecordedEvent::seq).isSorted();
  }

  @Test
  void anUnreachableServerFailsWithAClearMessage() {
    assertThatThrownBy(() -> PostgresJobStore.open("postgresql://relayq:secret@127.0.0.1:1/relayq"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot reach the PostgreSQL database at jdbc:postgresql://127.0.0.1:1/relayq")
        .hasMessageNotContaining("secret");
  }

  @Test
  void aMissingDatabaseFailsWithAClearMessage() {
    String base = requireServer();
    String missing = base.replaceFirst("/[^/?]+(\\?|$)", "/no_such_db_for_relayq$1");

    assertThatThrownBy(() -> PostgresJobStore.open(missing))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("does not exist");
  }

  private PostgresJobStore track(PostgresJobStore s) {
    opened.add(s);
    return s;
  }

  private PostgresUrl schemaUrl(String base) {
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return PostgresUrl.parse(url);
  }


  private static void execute(String url, String sql) {
    PostgresUrl parsed = PostgresUrl.parse(url);
    try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + PostgresUrl.redact(url) + ": " + e.getMessage(), e);
    }
  }
}
