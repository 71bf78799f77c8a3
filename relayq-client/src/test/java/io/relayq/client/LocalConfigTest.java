package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalConfigTest {
  @TempDir
  Path home;

  private Path writeConfig(String text) throws IOException {
    Path file = home.resolve(".relayq/config.yml");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void withNothingSetTheDefaultServerIsUsedWithoutAToken() {
    LocalConfig c = LocalConfig.load(Map.of("HOME", home.toString()));

    assertThat(c.server()).isEqualTo(URI.create("http://127.0.0.1:8750"));
    assertThat(c.token()).isNull();
    assertThat(c.serverSource()).isEqualTo("default");
  }

  @Test
  void theConfigFileGivesServerAndTokenAndSkipsTheSectionsOfOtherTools() throws IOException {
    writeConfig("""
        # my cluster
        server: "http://10.0.0.5:8750"   # over tailscale
        token: 'rq_abc''def'
        worker:
          name: mini
          labels:
            - mac
            - has:ffmpeg
        aliases:
          mac: mini
        """);

    LocalConfig c = LocalConfig.load(Map.of("HOME", home.toString()));

    assertThat(c.server()).isEqualTo(URI.create("http://10.0.0.5:8750"));
    assertThat(c.token()).isEqualTo("rq_abc'def");
    assertThat(c.serverSource()).isEqualTo("server: in " + home.resolve(".relayq/config.yml"));
  }

  @Test
  void severalCoordinatorsAreListedCommaSeparatedOrAsAList() throws IOException {
    writeConfig("server: [http://10.0.0.5:8750, http://10.0.0.6:8750]\n");

    assertThat(LocalConfig.load(Map.of("HOME", home.toString())).servers())
        .containsExactly(URI.create("http://10.0.0.5:8750"), URI.create("http://10.0.0.6:8750"));
    assertThat(LocalConfig.load(Map.of("HOME", home.toString(), "RELAYQ_SERVER", "http://a:1,http://b:2")).servers())
        .containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
    assertThatThrownBy(() -> LocalConfig.load(Map.of("HOME", home.toString(), "RELAYQ_SERVER", "http://a:1,")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("RELAYQ_SERVER: ")
        .hasMessageContaining("empty entry");
  }

  @Test
  void environmentVariablesWinOverTheConfigFile() throws IOException {
    writeConfig("server: http://10.0.0.5:8750\ntoken: from-file\n");

    LocalConfig c = LocalConfig.load(Map.of("HOME", home.toString(), "RELAYQ_SERVER", "http://127.0.0.1:9000",
        "RELAYQ_TOKEN", "from-env"));

    assertThat(c.server()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(c.token()).isEqualTo("from-env");
    assertThat(c.tokenSource()).isEqualTo("RELAYQ_TOKEN");
  }

  @Test
  void relayqConfigPointsAtAnotherFileWhichMustExist() throws IOException {
    Path other = Files.writeString(home.resolve("other.yml"), "server: http://127.0.0.1:7000\n");

    assertThat(LocalConfig.load(Map.of("HOME", home.toString(), "RELAYQ_CONFIG", other.toString())).server())
        .isEqualTo(URI.create("http://127.0.0.1:7000"));
    assertThatThrownBy(() -> LocalConfig.load(Map.of("RELAYQ_CONFIG", home.resolve("missing.yml").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RELAYQ_CONFIG points to " + home.resolve("missing.yml")
            + ", which does not exist: create it or unset RELAYQ_CONFIG");
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndTheKnownKeys() throws IOException {
    Path file = writeConfig("server: http://127.0.0.1:8750\nsever: http://10.0.0.5:8750\n");

    assertThatThrownBy(() -> LocalConfig.load(Map.of("HOME", home.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + " line 2: unknown key 'sever' (known keys: aliases, ca_file, server, templates, tls_cert, tls_key, token, worker)");
  }

  @Test
  void aTemplatesSectionIsLeftToTheCoordinator() throws IOException {
    writeConfig("""
        server: http://10.0.0.5:8750
        templates:
          thumbnail:
            argv: [ffmpeg, -i, "{input}", out.jpg]
            params:
              input: {type: path, required: true}
        token: t0k
        """);

    LocalConfig config = LocalConfig.load(Map.of("HOME", home.toString()));

    assertThat(config.server()).isEqualTo(URI.create("http://10.0.0.5:8750"));
    assertThat(config.token()).isEqualTo("t0k");
  }

  @Test
  void textOutsideTheSupportedSubsetIsRefusedWithItsLine() {
    assertThatThrownBy(() -> ConfigFile.topLevel("server: http://x:1\n  port: 2\n", "c.yml"))
        .hasMessageStartingWith("c.yml line 2: indented line outside a section");
    assertThatThrownBy(() -> ConfigFile.topLevel("worker:\n\tname: a\n", "c.yml"))
        .hasMessage("c.yml line 2: indented with a tab; YAML needs spaces");
    assertThatThrownBy(() -> ConfigFile.topLevel("token: \"abc\n", "c.yml"))
        .hasMessage("c.yml line 1: token: the quote \" is not closed");
    assertThatThrownBy(() -> ConfigFile.topLevel("token: a\ntoken: b\n", "c.yml"))
        .hasMessage("c.yml line 2: 'token' is set twice; keep one");
    assertThatThrownBy(() -> ConfigFile.topLevel("aliases: mac\n", "c.yml"))
        .hasMessageContaining("aliases is a section");
  }

  @Test
  void emptyAndNullValuesMeanUnset() {
    assertThat(ConfigFile.topLevel("server:\ntoken: ~\n", "c.yml"))
        .containsEntry("server", null).containsEntry("token", null);
  }

  @Test
  void aMalformedServerOrTokenIsReportedWithWhereItWasSet() throws IOException {
    assertThatThrownBy(() -> Relayq.fromLocalConfig(Map.of("HOME", home.toString(), "RELAYQ_SERVER", "ftp://x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RELAYQ_SERVER: server URL 'ftp://x' must start with http://");

    writeConfig("token: \"two words\"\n");

    assertThatThrownBy(() -> Relayq.fromLocalConfig(Map.of("HOME", home.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("token: in " + home.resolve(".relayq/config.yml") + ": the relayq token has a space")
        .hasMessageNotContaining("two words");
  }
}
