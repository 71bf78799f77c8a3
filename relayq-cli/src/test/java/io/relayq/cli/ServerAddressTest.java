package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerAddressTest {
  private static final CliConfig CONFIGURED = new CliConfig("http://config:1", null, null, null, null, null, null, null, null);

  @Test
  void theFlagWinsOverEverything() {
    ServerAddress a = ServerAddress.resolve("http://flag:1", Map.of("RELAYQ_SERVER", "http://env:1"), CONFIGURED, "c.yml");
    assertThat(a.uri()).hasToString("http://flag:1");
    assertThat(a.source()).isEqualTo("--server");
  }

  @Test
  void theEnvironmentWinsOverTheConfigFile() {
    ServerAddress a = ServerAddress.resolve(null, Map.of("RELAYQ_SERVER", "http://env:1"), CONFIGURED, "c.yml");
    assertThat(a.uri()).hasToString("http://env:1");
    assertThat(a.source()).isEqualTo("RELAYQ_SERVER");
  }

  @Test
  void theConfigFileWinsOverTheDefault() {
    ServerAddress a = ServerAddress.resolve(null, Map.of(), CONFIGURED, "c.yml");
    assertThat(a.uri()).hasToString("http://config:1");
    assertThat(a.source()).isEqualTo("server: in c.yml");
  }

  @Test
  void withoutAnySettingItIsTheLocalDefault() {
    ServerAddress a = ServerAddress.resolve(null, Map.of(), CliConfig.EMPTY, "c.yml");
    assertThat(a.uri()).hasToString("http://127.0.0.1:8750");
    assertThat(a.isDefault()).isTrue();
  }

  @Test
  void aTrailingSlashIsDropped() {
    assertThat(ServerAddress.parse("http://127.0.0.1:8750/")).hasToString("http://127.0.0.1:8750");
  }

  @Test
  void aMalformedUrlIsAUsageErrorNamingWhereItCameFrom() {
    assertThatThrownBy(() -> ServerAddress.resolve(null, Map.of("RELAYQ_SERVER", "127.0.0.1:8750"), CliConfig.EMPTY, "c.yml"))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageStartingWith("RELAYQ_SERVER: ")
        .hasMessageContaining("write it like http://127.0.0.1:8750");
  }

  @Test
  void severalCoordinatorsAreReadFromEverySource() {
    CliConfig listed = new CliConfig("http://c1:1,http://c2:1", null, null, null, null, null, null, null, null);
    assertThat(ServerAddress.resolve("http://f1:1,http://f2:1/", Map.of(), CliConfig.EMPTY, "c.yml").uris())
        .extracting(Object::toString).containsExactly("http://f1:1", "http://f2:1");
    assertThat(ServerAddress.resolve(null, Map.of("RELAYQ_SERVER", " http://e1:1 , http://e2:1"), CliConfig.EMPTY,
        "c.yml")).hasToString("http://e1:1,http://e2:1");
    ServerAddress fromFile = ServerAddress.resolve(null, Map.of(), listed, "c.yml");
    assertThat(fromFile.uri()).hasToString("http://c1:1");
    assertThat(fromFile.uris()).hasSize(2);
  }

  @Test
  void aListWithAHoleOrTheSameCoordinatorTwiceIsAUsageError() {
    assertThatThrownBy(() -> ServerAddress.resolve("http://a:1,,http://b:1", Map.of(), CliConfig.EMPTY, "c.yml"))
        .isInstanceOf(CliException.class).hasMessageStartingWith("--server: ").hasMessageContaining("empty entry");
    assertThatThrownBy(() -> ServerAddress.resolve(null, Map.of("RELAYQ_SERVER", "http://a:1,http://a:1/"),
        CliConfig.EMPTY, "c.yml"))
        .isInstanceOf(CliException.class).hasMessageContaining("lists http://a:1 twice");
  }
}
