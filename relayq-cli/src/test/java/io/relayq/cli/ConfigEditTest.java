package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigEditTest {
  private static final ConfigEdit.Settings WORKER =
      new ConfigEdit.Settings("http://10.0.0.5:8750", "t0k'en", "mini", List.of("mac", "heavy"), 4);

  @Test
  void aNewFileGetsAHeaderAndReadsBackAsTheSettings() {
    String text = ConfigEdit.apply(null, "config.yml", WORKER);

    assertThat(text).startsWith(ConfigEdit.HEADER);
    CliConfig c = ConfigLoader.parse(text, "config.yml");
    assertThat(c.server()).isEqualTo("http://10.0.0.5:8750");
    assertThat(c.token()).isEqualTo("t0k'en");
    assertThat(c.worker()).isEqualTo(new CliConfig.Worker("mini", List.of("mac", "heavy"), 4, null, null));
  }

  @Test
  void keysItDoesNotSetAreKept() {
    String existing = """
        server: http://old:8750
        aliases:
          mac: mac-mini
        worker:
          nice: 15
          labels: [old]
        """;

    CliConfig c = ConfigLoader.parse(ConfigEdit.apply(existing, "config.yml",
        new ConfigEdit.Settings("http://new:8750", null, null, List.of("arm"), null)), "config.yml");

    assertThat(c.server()).isEqualTo("http://new:8750");
    assertThat(c.aliases()).isEqualTo(Map.of("mac", "mac-mini"));
    assertThat(c.worker().nice()).isEqualTo(15);
    assertThat(c.worker().labels()).containsExactly("arm");
  }

  @Test
  void aNumericTokenStaysText() {
    String text = ConfigEdit.apply(null, "config.yml", new ConfigEdit.Settings(null, "12345", null, null, null));

    assertThat(text).contains("token: \"12345\"");
  }

  @Test
  void aFileThatIsNotAMappingIsNotOverwritten() {
    assertThatThrownBy(() -> ConfigEdit.apply("- just\n- a list\n", "/home/ann/.relayq/config.yml", WORKER))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("/home/ann/.relayq/config.yml is not a YAML mapping relayq can update");
  }

  @Test
  void aResultRelayqWouldRefuseIsNotWritten() {
    assertThatThrownBy(() -> ConfigEdit.apply("colour: blue\n", "config.yml", WORKER))
        .isInstanceOf(CliException.class).hasMessageContaining("unknown key 'colour'");
  }

  @Test
  void commentsAreReportedAsLost() {
    assertThat(ConfigEdit.dropsComments("# mine\nserver: http://a:1\n")).isTrue();
    assertThat(ConfigEdit.dropsComments("server: http://a:1\n")).isFalse();
    assertThat(ConfigEdit.dropsComments(null)).isFalse();
  }
}
