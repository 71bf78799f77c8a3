package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.Json;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.JobStore;
import io.relayq.store.TokenIssuer;
import io.relayq.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code relayq token ...} against a real coordinator: the token is printed by create and never again. */
class TokenCliIT {
  @TempDir
  Path dir;

  private JobStore store;
  private Coordinator coordinator;
  private String adminToken;
  private CliRunner cli;

  @BeforeEach
  void startCoordinator() {
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    adminToken = TokenIssuer.issue(store, "cli", TokenRole.ADMIN, Instant.now());
    coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system());
    cli = runnerWith(adminToken);
  }

  private CliRunner runnerWith(String token) {
    return new CliRunner(Map.of("HOME", dir.resolve("home").toString(), "RELAYQ_SERVER", coordinator.url().toString(),
        "RELAYQ_TOKEN", token));
  }

  @AfterEach
  void stop() {
    coordinator.close();
    store.close();
  }

  @Test
  void aTokenIsCreatedPrintedOnceListedWithoutItsTextAndRevoked() throws Exception {
    CliRunner.Result created = cli.run("token", "create", "--role", "submit", "--name", "ci");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String token = created.out().strip();
    assertThat(token).startsWith("rq_").hasSize(35);
    assertThat(created.err()).contains("shown only now").doesNotContain(token);

    CliRunner asCi = runnerWith(token);
    CliRunner.Result submitted = asCi.run("run", "--detach", "--", "true");
    assertThat(submitted.exitCode()).as(submitted.err()).isZero();

    CliRunner.Result list = cli.run("token", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("NAME", "ROLE", "ci", "submit", "cli", "admin")
        .doesNotContain(token).doesNotContain(adminToken);
    JsonNode listed = Json.mapper().readTree(cli.run("token", "list", "--json").out()).get("tokens");
    assertThat(listed).hasSize(2);
    assertThat(listed.toString()).doesNotContain(token).doesNotContain("hash");

    CliRunner.Result revoked = cli.run("token", "revoke", "ci");
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    assertThat(revoked.out()).isEqualTo("revoked token 'ci' (submit)\n");
    CliRunner.Result refused = asCi.run("jobs");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUTH_REFUSED);
    assertThat(refused.err()).contains("revoked").doesNotContain(token);
  }

  @Test
  void createWithJsonCarriesTheTokenOnce() throws Exception {
    JsonNode issued = Json.mapper().readTree(cli.run("token", "create", "--role", "worker", "--name", "rack-1", "--json")
        .out());
    assertThat(issued.get("name").asText()).isEqualTo("rack-1");
    assertThat(issued.get("role").asText()).isEqualTo("worker");
    assertThat(issued.get("token").asText()).startsWith("rq_");
  }

  @Test
  void mistakesExitWithTheDocumentedCodes() {
    CliRunner.Result badRole = cli.run("token", "create", "--role", "root", "--name", "x");
    assertThat(badRole.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badRole.err()).contains("'root' is not a role", "admin, submit, read, worker");

    CliRunner.Result badName = cli.run("token", "create", "--role", "read", "--name", "no spaces");
    assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);

    assertThat(cli.run("token", "create", "--role", "read", "--name", "dash").exitCode()).isZero();
    CliRunner.Result duplicate = cli.run("token", "create", "--role", "read", "--name", "dash");
    assertThat(duplicate.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(duplicate.err()).contains("already exists");

    CliRunner.Result unknown = cli.run("token", "revoke", "nobody");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err()).contains("nobody");

    String reader = TokenIssuer.issue(store, "reader", TokenRole.READ, Instant.now());
    CliRunner.Result notAdmin = runnerWith(reader).run("token", "list");
    assertThat(notAdmin.exitCode()).isEqualTo(ExitCodes.AUTH_REFUSED);
    assertThat(notAdmin.err()).doesNotContain(reader);
  }

  @Test
  void aConfigFileHoldingATokenThatOthersMayReadMakesTheCliWarnWithoutPrintingIt() throws Exception {
    java.nio.file.Path config = dir.resolve("config.yml");
    java.nio.file.Files.writeString(config, "token: " + adminToken + "\n");
    CliRunner fromConfig = new CliRunner(Map.of("HOME", dir.resolve("home").toString(),
        "RELAYQ_SERVER", coordinator.url().toString(), "RELAYQ_CONFIG", config.toString()));

    java.nio.file.Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    CliRunner.Result open = fromConfig.run("jobs");
    assertThat(open.exitCode()).as(open.err()).isZero();
    assertThat(open.err()).contains("others may read it", "chmod 600").doesNotContain(adminToken);

    java.nio.file.Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    CliRunner.Result closed = fromConfig.run("jobs");
    assertThat(closed.exitCode()).isZero();
    assertThat(closed.err()).doesNotContain("chmod");
  }

  @Test
  void noCommandButCreatePrintsAToken() {
    String id = cli.run("run", "--detach", "--", "true").out().strip();
    for (String[] args : List.of(new String[] {"jobs"}, new String[] {"jobs", "--json"}, new String[] {"workers"},
        new String[] {"status", id}, new String[] {"status", id, "--json"}, new String[] {"token", "list"},
        new String[] {"token", "list", "--json"}, new String[] {"doctor"}, new String[] {"doctor", "--json"})) {
      CliRunner.Result r = cli.run(args);
      assertThat(r.out() + r.err()).as(String.join(" ", args)).doesNotContain(adminToken);
    }
    CliRunner.Result refused = runnerWith(adminToken + "x").run("jobs");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUTH_REFUSED);
    assertThat(refused.out() + refused.err()).doesNotContain(adminToken);
  }
}
