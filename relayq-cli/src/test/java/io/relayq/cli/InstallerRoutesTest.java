package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.coordinator.InstallerRoutes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's installer helpers, tested here where the script template is on the class
 * path (relayq-cli packages deploy/install.sh into the relayq jar).
 */
class InstallerRoutesTest {
  private static final URI FALLBACK = URI.create("http://127.0.0.1:8750");

  @TempDir
  Path dir;

  @Test
  void theScriptGetsTheUrlTheClientUsedWithoutATrailingSlash() {
    InstallerRoutes routes = InstallerRoutes.locate(null, () -> FALLBACK);

    String script = routes.script(URI.create("http://coord.tail1234.ts.net:8750/"));

    assertThat(script).contains("RELAYQ_URL='http://coord.tail1234.ts.net:8750'\n").doesNotContain("@RELAYQ_URL@");
  }

  @Test
  void aHostHeaderThatIsNotAPlainHostFallsBackSoNothingReachesTheShell() {
    assertThat(InstallerRoutes.baseUrl("http", null, "evil';rm -rf ~;'", FALLBACK)).isEqualTo(FALLBACK);
    assertThat(InstallerRoutes.baseUrl("http", null, "a$(id)", FALLBACK)).isEqualTo(FALLBACK);
    assertThat(InstallerRoutes.baseUrl("http", null, null, FALLBACK)).isEqualTo(FALLBACK);
    assertThat(InstallerRoutes.baseUrl("ftp", null, "coord", FALLBACK)).isEqualTo(FALLBACK);
  }

  @Test
  void hostNamesAddressesAndATlsProxyAreTakenAsGiven() {
    assertThat(InstallerRoutes.baseUrl("http", null, "10.0.0.5:8750", FALLBACK)).hasToString("http://10.0.0.5:8750");
    assertThat(InstallerRoutes.baseUrl("http", null, "[fd7a:115c::1]:8750", FALLBACK))
        .hasToString("http://[fd7a:115c::1]:8750");
    assertThat(InstallerRoutes.baseUrl("http", "https", "relayq.example.org", FALLBACK))
        .hasToString("https://relayq.example.org");
  }

  @Test
  void theChecksumIsOfTheServedJarAndFollowsAReplacedFile() throws IOException {
    Path jar = Files.writeString(dir.resolve("relayq.jar"), "abc");
    InstallerRoutes routes = InstallerRoutes.locate(jar, () -> FALLBACK);

    assertThat(routes.checksumLine())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  relayq.jar\n");
    Files.writeString(jar, "abcd");
    assertThat(routes.checksumLine()).startsWith("88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589");
  }

  @Test
  void withoutAJarTheReasonSaysHowToStartTheCoordinator() {
    InstallerRoutes routes = InstallerRoutes.locate(null, () -> FALLBACK);

    assertThat(routes.jar()).isEmpty();
    assertThatThrownBy(routes::checksumLine).hasMessageContaining("start it with java -jar relayq.jar server");
    assertThat(InstallerRoutes.locate(dir.resolve("gone.jar"), () -> FALLBACK).jar()).isEmpty();
  }
}
