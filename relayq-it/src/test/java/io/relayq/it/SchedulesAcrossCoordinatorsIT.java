package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.client.RelayqClient;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.Job;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.ScheduleRequest;
import io.relayq.core.api.ScheduleView;
import io.relayq.core.schedule.FirePlan;
import io.relayq.store.JobQuery;
import io.relayq.store.postgres.PostgresJobStore;
import io.relayq.store.postgres.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two coordinators over one PostgreSQL database fire the same schedules on a shared test clock:
 * each tick submits exactly one job whichever coordinator gets there first, and a restart after
 * downtime follows the schedule's catch-up policy.
 */
class SchedulesAcrossCoordinatorsIT {
  private static final String BASE_URL = System.getenv("RELAYQ_TEST_POSTGRES_URL");
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The real time plus an offset both coordinators share, moved by the test. */
  private static final class SharedClock implements InstantSource {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
      return Instant.now().plus(offset.get());
    }

    void moveTo(Instant at) {
      Duration step = Duration.between(instant(), at);
      offset.updateAndGet(o -> o.plus(step));
    }
  }

  private final SharedClock clock = new SharedClock();
  private String schema;
  private final List<PostgresJobStore> stores = new ArrayList<>();
  private final List<Coordinator> coordinators = new ArrayList<>();
  private String adminToken;

  @BeforeEach
  void createSchema() {
    Assumptions.assumeTrue(BASE_URL != null && !BASE_URL.isBlank(),
        "RELAYQ_TEST_POSTGRES_URL is not set: skipping the PostgreSQL schedule test "
            + "(set it like jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
    schema = "relayq_it_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void stopAll() {
    coordinators.forEach(Coordinator::close);
    stores.forEach(PostgresJobStore::close);
    if (schema != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private Coordinator startCoordinator() {
    PostgresJobStore store = PostgresJobStore.open(BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    stores.add(store);
    if (adminToken == null) {
      adminToken = TokenIssuer.issue(store, "test-admin", TokenRole.ADMIN, Instant.now());
    }
    Coordinator c = Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, clock);
    coordinators.add(c);
    return c;
  }

  private void stopCoordinators() {
    coordinators.forEach(Coordinator::close);
    coordinators.clear();
  }

  private List<Job> jobs() {
    return stores.get(0).listJobs(new JobQuery(null, null, null, 1000, null)).jobs();
  }

  /** Both coordinators look for due schedules at the same moment. */
  private void wakeAllAtOnce() throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(coordinators.size())) {
      for (Coordinator c : coordinators) {
        pool.submit(() -> {
          go.await();
          c.fireDueSchedules();
          return null;
        });
      }
      go.countDown();
    }
  }

  private static ScheduleRequest hourly(String name, String catchUp) {
    return new ScheduleRequest(name, "0 * * * *", "UTC", catchUp, JobSubmission.ofCommand("echo " + name));
  }

  @Test
  void eachTickSubmitsOneJobWithTwoCoordinatorsRacingForIt() throws Exception {
    Coordinator a = startCoordinator();
    startCoordinator();
    ScheduleView created = RelayqClient.connect(a.url(), adminToken).createSchedule(hourly("hourly", null));
    Instant tick = created.nextFireAt();
    String scheduleId = stores.get(0).findSchedule("hourly").orElseThrow().id();

    int ticks = 6;
    for (int i = 1; i <= ticks; i++) {
      clock.moveTo(tick);
      wakeAllAtOnce();
      int expected = i;
      await("job of tick " + i).atMost(WAIT).until(() -> jobs().size() == expected);
      Instant next = tick.plus(Duration.ofHours(1));
      await().atMost(WAIT).until(() -> stores.get(0).findSchedule("hourly").orElseThrow().nextFireAt().equals(next));
      tick = next;
    }
    wakeAllAtOnce();
    await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> jobs().size() == ticks);

    List<String> keys = jobs().stream().map(Job::key).sorted().toList();
    List<String> expectedKeys = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      expectedKeys.add(FirePlan.jobKey(scheduleId, created.nextFireAt().plus(Duration.ofHours(i))));
    }
    assertThat(keys).containsExactlyInAnyOrderElementsOf(expectedKeys);
  }

  @Test
  void afterBothCoordinatorsWereDownSkipRunsNothingAndOnceRunsOneJob() throws Exception {
    Coordinator a = startCoordinator();
    startCoordinator();
    RelayqClient client = RelayqClient.connect(a.url(), adminToken);
    Instant first = client.createSchedule(hourly("skipper", "skip")).nextFireAt();
    client.createSchedule(hourly("catcher", "once"));
    stopCoordinators();

    // five hourly ticks pass while no coordinator runs
    clock.moveTo(first.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(30)));
    startCoordinator();
    startCoordinator();
    wakeAllAtOnce();

    Instant next = first.plus(Duration.ofHours(5));
    await().atMost(WAIT).until(() -> stores.get(0).findSchedule("skipper").orElseThrow().nextFireAt().equals(next)
        && stores.get(0).findSchedule("catcher").orElseThrow().nextFireAt().equals(next));
    wakeAllAtOnce();
    await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> jobs().size() == 1);
    assertThat(jobs().get(0).spec().command()).isEqualTo("echo catcher");

    clock.moveTo(next);
    wakeAllAtOnce();
    await().atMost(WAIT).until(() -> jobs().size() == 3);
    assertThat(jobs()).extracting(j -> j.spec().command())
        .containsExactlyInAnyOrder("echo catcher", "echo catcher", "echo skipper");
  }

  private void execute(String sql) {
    PostgresUrl parsed = PostgresUrl.parse(BASE_URL);
    try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "': " + e.getMessage(), e);
    }
  }
}
