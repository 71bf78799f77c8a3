package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install-service, uninstall-service and service status, called as a user would, in a temporary HOME. */
class InstallServiceCommandTest {
  @TempDir
  Path dir;

  private Path home;
  private Path jar;
  private CliRunner cli;

  @BeforeEach
  void setUp() throws IOException {
    home = Files.createDirectories(dir.resolve("home"));
    jar = Files.writeString(dir.resolve("relayq.jar"), "not really a jar");
    cli = new CliRunner(Map.of("HOME", home.toString(), "PATH", "/usr/local/bin:/usr/bin:/bin"));
  }

  @Test
  void aDryRunPrintsTheUnitTheConfigAndTheStepsAndWritesNothing() {
    CliRunner.Result r = cli.run("install-service", "worker", "--user", "--server", "http://10.0.0.5:8750",
        "--token", "T0K", "--labels", "mac,heavy", "--slots", "4", "--jar", jar.toString(), "--dry-run");

    assertThat(r.exitCode()).as(r.err()).isZero();
    String unit = section(r.out(), "# write " + home.resolve(".config/systemd/user/relayq-worker.service") + ":");
    assertThat(unit.lines()).contains("Type=notify", "WatchdogSec=30", "Restart=always", "Nice=0",
        "Environment=\"PATH=/usr/local/bin:/usr/bin:/bin\"");
    assertThat(unit).contains("-jar " + home.resolve(".relayq/lib/relayq.jar") + " worker --drain-timeout 1m");
    String config = section(r.out(), "# write " + home.resolve(".relayq/config.yml") + " (mode 0600):");
    CliConfig c = ConfigLoader.parse(config, "config.yml");
    assertThat(c.server()).isEqualTo("http://10.0.0.5:8750");
    assertThat(c.token()).isEqualTo("T0K");
    assertThat(c.worker().labels()).containsExactly("mac", "heavy");
    assertThat(c.worker().slots()).isEqualTo(4);
    assertThat(r.out()).contains("# copy " + jar + " to " + home.resolve(".relayq/lib/relayq.jar"))
        .contains("# run: systemctl --user daemon-reload\n# run: systemctl --user enable relayq-worker.service\n"
            + "# run: systemctl --user restart relayq-worker.service\n# dry run: nothing was changed");
    assertThat(home.resolve(".relayq")).doesNotExist();
    assertThat(home.resolve(".config")).doesNotExist();
  }

  @Test
  void systemdWaitsForTheDrainTimeoutAndTheTimeToStopWhatIsLeft() {
    CliRunner.Result r = cli.run("install-service", "worker", "--user", "--drain-timeout", "5m",
        "--jar", jar.toString(), "--dry-run");

    assertThat(r.out().lines()).contains("TimeoutStopSec=390");
    assertThat(r.out()).contains(" worker --drain-timeout 5m\n");
  }

  @Test
  void theServerUnitRunsTheServerWithItsFlags() {
    CliRunner.Result r = cli.run("install-service", "server", "--user", "--bind", "0.0.0.0", "--port", "9000",
        "--data", "/srv/relayq", "--jar", jar.toString(), "--dry-run");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains(" server --port 9000 --bind 0.0.0.0 --data /srv/relayq\n")
        .contains("# write " + home.resolve(".config/systemd/user/relayq-server.service") + ":")
        .doesNotContain("config.yml (mode 0600)");
  }

  @Test
  void withoutSystemdTheInstallStopsWithTheContainerFixAndChangesNothing() {
    Assumptions.assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")),
        "systemd runs this machine: the container case cannot be shown here");

    CliRunner.Result r = cli.run("install-service", "worker", "--user", "--server", "http://10.0.0.5:8750",
        "--jar", jar.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("no systemd here").contains("run `relayq worker` under your own supervisor")
        .contains("docs/DEPLOY.md");
    assertThat(home.resolve(".relayq")).doesNotExist();
  }

  @Test
  void noStartWritesTheJarConfigAndUnitWithoutAServiceManager() throws IOException {
    CliRunner.Result r = cli.run("install-service", "worker", "--user", "--token", "secret", "--jar", jar.toString(),
        "--no-start");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Path config = home.resolve(".relayq/config.yml");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
    assertThat(ConfigLoader.parse(Files.readString(config), "config.yml").token()).isEqualTo("secret");
    assertThat(home.resolve(".relayq/lib/relayq.jar")).hasContent("not really a jar");
    assertThat(home.resolve(".config/systemd/user/relayq-worker.service")).content().contains("Type=notify");
    assertThat(r.out()).contains("installed, not started (--no-start). Start it with: systemctl --user daemon-reload;");
  }

  @Test
  void installingAgainKeepsTheOtherKeysOfTheConfig() throws IOException {
    Path config = Files.createDirectories(home.resolve(".relayq")).resolve("config.yml");
    Files.writeString(config, "aliases:\n  rpi: [arm]\nserver: http://old:8750\n");

    CliRunner.Result r = cli.run("install-service", "worker", "--user", "--server", "http://new:8750",
        "--jar", jar.toString(), "--no-start");

    assertThat(r.exitCode()).as(r.err()).isZero();
    CliConfig c = ConfigLoader.parse(Files.readString(config), "config.yml");
    assertThat(c.server()).isEqualTo("http://new:8750");
    assertThat(c.aliases()).containsKey("rpi");
  }

  @Test
  void theServiceStatusSeesAnInstalledUnit() throws IOException {
    cli.run("install-service", "worker", "--user", "--jar", jar.toString(), "--no-start");

    CliRunner.Result r = cli.run("service", "status", "worker", "--json");

    JsonNode service = Json.mapper().readTree(r.out()).get("services").get(0);
    assertThat(service.get("service").asText()).isEqualTo("worker");
    assertThat(service.get("scope").asText()).isEqualTo("user");
    assertThat(service.get("installed").asBoolean()).isTrue();
    assertThat(service.get("file").asText()).isEqualTo(home.resolve(".config/systemd/user/relayq-worker.service").toString());
    if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
      assertThat(service.has("running")).isFalse();
      assertThat(service.get("note").asText()).contains("no systemd here");
      assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
    }
  }

  @Test
  void statusWithNothingInstalledSaysHowToInstallAndExits1() throws IOException {
    CliRunner.Result human = cli.run("service", "status");
    CliRunner.Result json = cli.run("service", "status", "--json");

    assertThat(human.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(human.out()).contains("worker not installed (install it with: relayq install-service worker)")
        .contains("server not installed (install it with: relayq install-service server)");
    List<String> services = Json.mapper().readTree(json.out()).get("services").findValuesAsText("service");
    assertThat(services).containsExactly("worker", "server");
  }

  @Test
  void uninstallingWhatIsNotInstalledExits4AndNamesThePlaceLookedAt() {
    CliRunner.Result r = cli.run("uninstall-service", "worker", "--user");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("no relayq worker service is installed at "
        + home.resolve(".config/systemd/user/relayq-worker.service"));
  }

  @Test
  void uninstallDryRunListsItsSteps() {
    cli.run("install-service", "worker", "--user", "--jar", jar.toString(), "--no-start");

    CliRunner.Result r = cli.run("uninstall-service", "worker", "--user", "--dry-run");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("# run: systemctl --user disable --now relayq-worker.service\n# delete "
        + home.resolve(".config/systemd/user/relayq-worker.service") + "\n# run: systemctl --user daemon-reload\n");
  }

  @Test
  void workerSettingsForTheServerAreAUsageError() {
    CliRunner.Result r = cli.run("install-service", "server", "--labels", "gpu", "--slots", "2", "--dry-run");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--labels, --slots are worker settings: leave them out of install-service server");
  }

  @Test
  void anUnknownServiceIsAUsageError() {
    CliRunner.Result r = cli.run("install-service", "broker", "--dry-run");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'broker' is not a service: write worker or server");
  }

  @Test
  void fromClassDirectoriesWithoutJarItSaysHowToRunIt() {
    CliRunner.Result r = cli.run("install-service", "worker", "--user", "--dry-run");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("run it from the jar (./relayq or java -jar relayq.jar), or name the jar with --jar PATH");
  }

  /** The lines after {@code header} up to the next line starting with {@code #}. */
  private static String section(String out, String header) {
    int start = out.indexOf(header + "\n");
    assertThat(start).as("'" + header + "' in:\n" + out).isNotNegative();
    StringBuilder b = new StringBuilder();
    boolean first = true;
    for (String line : out.substring(start + header.length() + 1).lines().toList()) {
      if (line.startsWith("# write ") || line.startsWith("# run: ") || line.startsWith("# dry run")
          || line.startsWith("# copy ")) {
        break;
      }
      b.append(first ? "" : "\n").append(line);
      first = false;
    }
    return b.toString();
  }
}
