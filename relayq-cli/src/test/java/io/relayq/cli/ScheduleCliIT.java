package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.Json;
import io.relayq.store.JobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code relayq schedule ...} against a real coordinator: what it prints and how it exits. */
class ScheduleCliIT {
  @TempDir
  Path dir;

  private JobStore store;
  private Coordinator coordinator;
  private CliRunner cli;

  @BeforeEach
  void startCoordinator() {
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    String token = TokenIssuer.issue(store, "cli", TokenRole.ADMIN, Instant.now());
    coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system());
    cli = new CliRunner(Map.of("HOME", dir.resolve("home").toString(), "RELAYQ_SERVER", coordinator.url().toString(),
        "RELAYQ_TOKEN", token));
  }

  @AfterEach
  void stop() {
    coordinator.close();
    store.close();
  }

  private static JsonNode json(CliRunner.Result r) throws Exception {
    return Json.mapper().readTree(r.out());
  }

  @Test
  void aScheduleIsAddedListedPausedResumedAndDeleted() throws Exception {
    CliRunner.Result added = cli.run("schedule", "add", "nightly", "--cron", "0 3 * * *", "--tz", "Europe/Berlin",
        "--label", "backup", "--", "tar", "czf", "/tmp/home backup.tgz", "/home");

    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).startsWith("added schedule nightly (0 3 * * * in Europe/Berlin); next tick ");

    CliRunner.Result list = cli.run("schedule", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("NAME", "NEXT", "nightly", "0 3 * * *", "Europe/Berlin", "skip",
        "tar czf '/tmp/home backup.tgz' /home");

    JsonNode listed = json(cli.run("schedule", "list", "--json")).get("schedules").get(0);
    assertThat(listed.get("name").asText()).isEqualTo("nightly");
    assertThat(listed.get("nextFireAt").asText()).isNotBlank();
    assertThat(listed.get("paused").asBoolean()).isFalse();

    CliRunner.Result paused = cli.run("schedule", "pause", "nightly");
    assertThat(paused.exitCode()).isZero();
    assertThat(cli.run("schedule", "list").out()).contains("paused");
    assertThat(json(cli.run("schedule", "resume", "nightly", "--json")).get("paused").asBoolean()).isFalse();

    CliRunner.Result deleted = cli.run("schedule", "delete", "nightly");
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.out()).isEqualTo("deleted schedule nightly\n");
    assertThat(cli.run("schedule", "list").out()).startsWith("no schedules yet");
  }

  @Test
  void aBadCronExpressionIsAUsageErrorNamingTheField() {
    CliRunner.Result r = cli.run("schedule", "add", "nightly", "--cron", "0 25 * * *", "--", "backup.sh");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--cron: the hour field '25' has the value 25, outside 0-23");
    assertThat(store.listSchedules()).isEmpty();
  }

  @Test
  void aBadTimeZoneOrCatchUpIsAUsageError() {
    CliRunner.Result zone = cli.run("schedule", "add", "n", "--cron", "@daily", "--tz", "Berlin", "--", "x");
    CliRunner.Result catchUp = cli.run("schedule", "add", "n", "--cron", "@daily", "--catch-up", "all", "--", "x");

    assertThat(zone.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(zone.err()).contains("--tz: 'Berlin' is not a time zone");
    assertThat(catchUp.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(catchUp.err()).contains("--catch-up: unknown catch-up policy 'all'; use skip or once");
  }

  @Test
  void aNameTheServerRefusesIsAUsageErrorAndATakenNameAFailure() {
    CliRunner.Result badName = cli.run("schedule", "add", "bad/name", "--cron", "@daily", "--", "x");
    assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badName.err()).contains("'bad/name' is not a schedule name");

    cli.run("schedule", "add", "nightly", "--cron", "@daily", "--", "x");
    CliRunner.Result taken = cli.run("schedule", "add", "nightly", "--cron", "@hourly", "--", "y");
    assertThat(taken.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(taken.err()).contains("a schedule named nightly exists");
  }

  @Test
  void anUnknownScheduleExitsNotFound() {
    for (String verb : new String[] {"pause", "resume", "delete"}) {
      CliRunner.Result r = cli.run("schedule", verb, "nope");
      assertThat(r.exitCode()).as(verb).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(r.err()).as(verb).contains("no schedule named nope");
    }
  }
}
