package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Schedules over the real API: their lifecycle, firing at their ticks on a test clock, bad input. */
class ScheduleApiTest extends CoordinatorTestSupport {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private JsonNode create(String json) {
    ApiClient.Response r = api.postJson(V1 + "/schedules", json);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  private JsonNode schedule(String name) {
    ApiClient.Response r = api.get(V1 + "/schedules/" + name);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  /** Moves the test clock to {@code at} and lets the schedule loop see it. */
  private void moveClockTo(Instant at) {
    clock.advance(Duration.between(clock.instant(), at));
    coordinator.fireDueSchedules();
  }

  @Test
  void aScheduleIsCreatedListedPausedResumedAndDeleted() {
    JsonNode created = create("""
        {"name":"nightly","cron":"0 3 * * *","timezone":"Europe/Berlin","job":{"command":"backup.sh"}}""");

    assertThat(created.get("name").asText()).isEqualTo("nightly");
    assertThat(created.get("catchUp").asText()).isEqualTo("skip");
    assertThat(created.get("command").asText()).isEqualTo("backup.sh");
    ZonedDateTime next = Instant.parse(created.get("nextFireAt").asText()).atZone(java.time.ZoneId.of("Europe/Berlin"));
    assertThat(next.getHour()).isEqualTo(3);
    assertThat(next.getMinute()).isZero();
    assertThat(next.toInstant()).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofHours(25)));
    assertThat(api.get(V1 + "/schedules").json().get("schedules")).extracting(s -> s.get("name").asText())
        .containsExactly("nightly");

    JsonNode paused = api.postJson(V1 + "/schedules/nightly/pause", "").json();
    assertThat(paused.get("paused").asBoolean()).isTrue();
    JsonNode resumed = api.postJson(V1 + "/schedules/nightly/resume", "").json();
    assertThat(resumed.get("paused").asBoolean()).isFalse();
    assertThat(resumed.get("nextFireAt").asText()).isEqualTo(created.get("nextFireAt").asText());

    assertThat(api.send("DELETE", V1 + "/schedules/nightly").status()).isEqualTo(204);
    assertThat(api.get(V1 + "/schedules/nightly").status()).isEqualTo(404);
    assertThat(api.get(V1 + "/schedules").json().get("schedules")).isEmpty();
  }

  @Test
  void aScheduleSubmitsOneJobPerTick() {
    JsonNode created = create("""
        {"name":"hourly","cron":"0 * * * *","job":{"command":"echo tick","labels":["backup"]}}""");
    Instant first = Instant.parse(created.get("nextFireAt").asText());

    moveClockTo(first.minusSeconds(1));
    assertThat(jobs()).isEmpty();

    moveClockTo(first);
    await().atMost(WAIT).until(() -> jobs().size() == 1);
    JsonNode job = job(jobs().get(0).get("id").asText());
    assertThat(job.get("spec").get("command").asText()).isEqualTo("echo tick");
    assertThat(job.get("spec").get("labels").get(0).asText()).isEqualTo("backup");
    assertThat(schedule("hourly").get("lastJobId").asText()).isEqualTo(job.get("id").asText());
    assertThat(schedule("hourly").get("nextFireAt").asText()).isEqualTo(first.plus(Duration.ofHours(1)).toString());

    moveClockTo(first.plus(Duration.ofMinutes(59)));
    coordinator.fireDueSchedules();
    moveClockTo(first.plus(Duration.ofHours(1)));
    await().atMost(WAIT).until(() -> jobs().size() == 2);
    coordinator.fireDueSchedules();
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> jobs().size() == 2);
  }

  @Test
  void aScheduleMayRunATemplateWhoseParametersAreCheckedWhenItIsCreated() {
    JsonNode created = create("""
        {"name":"transcode","cron":"@hourly","job":{"template":"transcode","params":{"input":"a.mp4","output":"a.mkv"}}}""");
    ApiClient.Response bad = api.postJson(V1 + "/schedules",
        "{\"name\":\"bad\",\"cron\":\"@hourly\",\"job\":{\"template\":\"transcode\",\"params\":{\"input\":\"a\"}}}");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorMessage()).startsWith("job: ");
    moveClockTo(Instant.parse(created.get("nextFireAt").asText()));
    await().atMost(WAIT).until(() -> jobs().size() == 1);
    assertThat(job(jobs().get(0).get("id").asText()).get("spec").get("template").get("name").asText())
        .isEqualTo("transcode");
  }

  @Test
  void aPausedScheduleSubmitsNothingAndResumesAtItsNextTickAfterNow() {
    JsonNode created = create("""
        {"name":"hourly","cron":"0 * * * *","job":{"command":"echo tick"}}""");
    Instant first = Instant.parse(created.get("nextFireAt").asText());
    api.postJson(V1 + "/schedules/hourly/pause", "");

    moveClockTo(first.plus(Duration.ofMinutes(90)));
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> jobs().isEmpty());

    JsonNode resumed = api.postJson(V1 + "/schedules/hourly/resume", "").json();
    assertThat(resumed.get("nextFireAt").asText()).isEqualTo(first.plus(Duration.ofHours(2)).toString());
    assertThat(jobs()).isEmpty();
  }

  @Test
  void afterDowntimeSkipRunsNothingAndOnceRunsOneJob() {
    create("""
        {"name":"skipper","cron":"0 3 * * *","job":{"command":"echo skip"}}""");
    JsonNode once = create("""
        {"name":"catcher","cron":"0 3 * * *","catchUp":"once","job":{"command":"echo once"}}""");
    Instant firstTick = Instant.parse(once.get("nextFireAt").asText());
    coordinator.close();

    // three nightly ticks pass while no coordinator runs
    clock.advance(Duration.between(clock.instant(), firstTick.plus(Duration.ofDays(2)).plusSeconds(3600)));
    coordinator = Coordinator.start(config(), store, clock);
    api = new ApiClient(coordinator.url(), adminToken);

    await().atMost(WAIT).until(() -> jobs().size() == 1);
    assertThat(job(jobs().get(0).get("id").asText()).get("spec").get("command").asText()).isEqualTo("echo once");
    Instant nextTick = firstTick.plus(Duration.ofDays(3));
    await().atMost(WAIT).until(() -> schedule("skipper").get("nextFireAt").asText().equals(nextTick.toString()));
    assertThat(schedule("catcher").get("nextFireAt").asText()).isEqualTo(nextTick.toString());
    coordinator.fireDueSchedules();
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> jobs().size() == 1);
  }

  static Stream<Arguments> badSchedules() {
    return Stream.of(
        Arguments.of("{\"name\":\"n\",\"cron\":\"0 3 * *\",\"job\":{\"command\":\"x\"}}", "cron: '0 3 * *' has 4 fields"),
        Arguments.of("{\"name\":\"n\",\"cron\":\"61 3 * * *\",\"job\":{\"command\":\"x\"}}", "the minute field '61'"),
        Arguments.of("{\"name\":\"n\",\"cron\":\"0 0 30 2 *\",\"job\":{\"command\":\"x\"}}", "no tick in the 9 years"),
        Arguments.of("{\"name\":\"n\",\"job\":{\"command\":\"x\"}}", "cron: a cron expression is required"),
        Arguments.of("{\"name\":\"n\",\"cron\":\"@daily\",\"timezone\":\"Mars/Olympus\",\"job\":{\"command\":\"x\"}}",
            "timezone: 'Mars/Olympus' is not a time zone"),
        Arguments.of("{\"name\":\"n\",\"cron\":\"@daily\",\"catchUp\":\"all\",\"job\":{\"command\":\"x\"}}",
            "catchUp: unknown catch-up policy 'all'; use skip or once"),
        Arguments.of("{\"name\":\"bad name\",\"cron\":\"@daily\",\"job\":{\"command\":\"x\"}}",
            "name: 'bad name' is not a schedule name"),
        Arguments.of("{\"cron\":\"@daily\",\"job\":{\"command\":\"x\"}}", "name: a name is required"),
        Arguments.of("{\"name\":\"n\",\"cron\":\"@daily\"}", "job: the job each tick submits is required"),
        Arguments.of("{\"name\":\"n\",\"cron\":\"@daily\",\"job\":{\"command\":\"x\",\"delay\":\"5m\"}}", "job.runAt"),
        Arguments.of("{\"name\":\"n\",\"cron\":\"@daily\",\"job\":{\"command\":\"x\",\"key\":\"k\"}}", "job.key"),
        Arguments.of("{\"name\":\"n\",\"cron\":\"@daily\",\"job\":{\"command\":\"x\",\"priority\":5000}}",
            "job.priority"));
  }

  @ParameterizedTest
  @MethodSource("badSchedules")
  void aBadScheduleIsRefusedWithA400AndStoresNothing(String body, String message) {
    ApiClient.Response r = api.postJson(V1 + "/schedules", body);

    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("invalid_field");
    assertThat(r.errorMessage()).contains(message);
    assertThat(store.listSchedules()).isEmpty();
  }

  @Test
  void aSecondScheduleWithATakenNameIsAConflict() {
    create("{\"name\":\"nightly\",\"cron\":\"0 3 * * *\",\"job\":{\"command\":\"a\"}}");

    ApiClient.Response r = api.postJson(V1 + "/schedules", "{\"name\":\"nightly\",\"cron\":\"0 4 * * *\",\"job\":{\"command\":\"b\"}}");

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.errorCode()).isEqualTo("name_taken");
    assertThat(r.errorMessage()).contains("relayq schedule delete nightly");
    assertThat(schedule("nightly").get("command").asText()).isEqualTo("a");
  }

  @Test
  void anUnknownScheduleIsA404AndABadNameA400() {
    for (String call : new String[] {"GET", "DELETE"}) {
      ApiClient.Response r = api.send(call, V1 + "/schedules/nope");
      assertThat(r.status()).as(call).isEqualTo(404);
      assertThat(r.errorMessage()).contains("no schedule named nope");
    }
    assertThat(api.postJson(V1 + "/schedules/nope/pause", "").status()).isEqualTo(404);
    assertThat(api.postJson(V1 + "/schedules/nope/resume", "").status()).isEqualTo(404);
    assertThat(api.get(V1 + "/schedules/bad%20name").errorCode()).isEqualTo("invalid_id");
  }

}
