package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path home;

  @Test
  void severalCoordinatorsMayBeAYamlListOrCommaSeparated() {
    assertThat(ConfigLoader.parse("server:\n  - http://a:8750\n  - http://b:8750\n", "config.yml").server())
        .isEqualTo("http://a:8750,http://b:8750");
    assertThat(ConfigLoader.parse("server: [http://a:8750, http://b:8750]\n", "config.yml").server())
        .isEqualTo("http://a:8750,http://b:8750");
    assertThat(ConfigLoader.parse("server: http://a:8750,http://b:8750\n", "config.yml").server())
        .isEqualTo("http://a:8750,http://b:8750");
    assertThatThrownBy(() -> ConfigLoader.parse("server: [http://a:8750, localhost:1]\n", "config.yml"))
        .isInstanceOf(CliException.class).hasMessageContaining("config.yml: server: 'localhost:1'");
  }

  @Test
  void readsServerAndWorkerSection() {
    CliConfig c = ConfigLoader.parse("""
        server: http://10.0.0.5:8750
        worker:
          name: rpi4
          labels: [light, arm]
          slots: 2
          nice: 15
          state_dir: /var/lib/relayq
        """, "config.yml");

    assertThat(c.server()).isEqualTo("http://10.0.0.5:8750");
    assertThat(c.worker()).isEqualTo(new CliConfig.Worker("rpi4", List.of("light", "arm"), 2, 15, "/var/lib/relayq"));
  }

  @Test
  void readsTheTlsFilesAndTheCaFile() {
    CliConfig c = ConfigLoader.parse("""
        server: https://relayq.lan:8750
        ca_file: ~/.relayq/ca.pem
        tls_cert: /etc/relayq/tls/cert.pem
        tls_key: /etc/relayq/tls/key.pem
        """, "config.yml");

    assertThat(c.caFile()).isEqualTo("~/.relayq/ca.pem");
    assertThat(c.tlsCert()).isEqualTo("/etc/relayq/tls/cert.pem");
    assertThat(c.tlsKey()).isEqualTo("/etc/relayq/tls/key.pem");
  }

  @Test
  void aCaFileThatIsMissingIsAUsageErrorNamingWhereItWasSet() {
    CliContext ctx = new CliContext(System.out, System.err, Map.of("HOME", home.toString(),
        "RELAYQ_CA_FILE", "~/missing.pem"), StopSignal.manual());
    assertThatThrownBy(() -> ctx.tls(null))
        .isInstanceOf(CliException.class)
        .hasMessage("RELAYQ_CA_FILE: CA file " + home.resolve("missing.pem") + " does not exist")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void templatesAreReadAndOfferedBesideTheBuiltInOnes() {
    CliConfig c = ConfigLoader.parse("""
        templates:
          thumbnail:
            description: One frame of a video as a JPEG
            argv: [ffmpeg, -nostdin, -ss, "{at}", -i, "{input}", -frames:v, "1", "{output}"]
            params:
              input: {type: path, required: true}
              output: {type: path, required: true}
              at: {type: int, default: 1, min: 0}
            labels: [has:ffmpeg]
            timeout: 10m
        """, "config.yml");

    var catalog = ConfigLoader.templates(c, "config.yml");

    assertThat(catalog.all()).extracting(t -> t.name()).containsExactly("thumbnail", "transcode", "transcribe");
    var thumbnail = catalog.find("thumbnail").orElseThrow();
    assertThat(thumbnail.expand(thumbnail.bind(Map.of("input", "a b.mp4", "output", "a.jpg"))))
        .containsExactly("ffmpeg", "-nostdin", "-ss", "1", "-i", "a b.mp4", "-frames:v", "1", "a.jpg");
    assertThat(thumbnail.labels()).containsExactly("has:ffmpeg");
  }

  @Test
  void theTemplateExampleOfTheConfigGuideLoadsAndExpands() throws IOException {
    String guide = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs/CONFIG.md"));
    String section = guide.substring(guide.indexOf("## Job templates"));
    String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml") + 7));

    var thumbnail = ConfigLoader.templates(ConfigLoader.parse(yaml, "CONFIG.md"), "CONFIG.md").find("thumbnail")
        .orElseThrow();

    assertThat(thumbnail.expand(thumbnail.bind(Map.of("input", "in.mp4", "output", "o.jpg", "width", 320, "lang", "en"))))
        .containsExactly("ffmpeg", "-nostdin", "-ss", "1", "-i", "in.mp4", "-vf", "scale=320:-1", "-metadata",
            "language=en", "-q:v", "5", "-frames:v", "1", "o.jpg");
    assertThat(thumbnail.expand(thumbnail.bind(Map.of("input", "in.mp4", "output", "o.jpg", "extra", List.of("-y")))))
        .containsExactly("ffmpeg", "-nostdin", "-ss", "1", "-i", "in.mp4", "-q:v", "5", "-y", "-frames:v", "1", "o.jpg");
  }

  @Test
  void aBrokenTemplateIsAUsageErrorNamingTheSetting() {
    assertThatThrownBy(() -> ConfigLoader.parse("templates:\n  t:\n    argv: [p, \"{x}\"]\n", "c.yml"))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage("c.yml: templates.t.argv[1]: \"{x}\" names no declared parameter (declared: none)");
    assertThatThrownBy(() -> ConfigLoader.parse("templates:\n  t:\n    argv: [p]\n    lables: [a]\n", "c.yml"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("c.yml line 4: unknown key 'templates.t.lables'")
        .hasMessageContaining("labels");
    assertThatThrownBy(() -> ConfigLoader.parse(
        "templates:\n  t:\n    argv: [p, \"{a}\"]\n    params:\n      a: {type: number}\n", "c.yml"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("templates.t.params.a.type")
        .hasMessageContaining("unknown parameter type 'number' (known: string, path, enum, int, list)");
  }

  @Test
  void anEmptyFileIsAnEmptyConfig() {
    assertThat(ConfigLoader.parse("", "config.yml")).isEqualTo(CliConfig.EMPTY);
    assertThat(ConfigLoader.parse("# nothing yet\n", "config.yml")).isEqualTo(CliConfig.EMPTY);
  }

  @Test
  void anUnknownKeyIsAUsageErrorNamingTheKeyTheFileAndTheLine() {
    assertThatThrownBy(() -> ConfigLoader.parse("server: http://127.0.0.1:8750\nsevrer: x\n", "/etc/relayq.yml"))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("/etc/relayq.yml line 2")
        .hasMessageContaining("unknown key 'sevrer'")
        .hasMessageContaining("aliases, ca_file, max_output_mb, server, templates, tls_cert, tls_key, token, worker");
  }

  @Test
  void theOutputCapIsReadInMib() {
    assertThat(ConfigLoader.parse("max_output_mb: 8\n", "config.yml").maxOutputMb()).isEqualTo(8);
    assertThat(CliConfig.EMPTY.maxOutputMb()).isNull();
  }

  @Test
  void anUnknownNestedKeyIsNamedWithItsSection() {
    assertThatThrownBy(() -> ConfigLoader.parse("worker:\n  slot: 2\n", "c.yml"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("unknown key 'worker.slot'")
        .hasMessageContaining("slots");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheKey() {
    assertThatThrownBy(() -> ConfigLoader.parse("worker:\n  slots: many\n", "c.yml"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("c.yml line 2")
        .hasMessageContaining("worker.slots");
  }

  @Test
  void badValuesAreRefusedWithTheirRange() {
    assertThatThrownBy(() -> ConfigLoader.parse("worker:\n  slots: 0\n", "c.yml"))
        .hasMessageContaining("worker.slots: 0 is out of range 1..1024");
    assertThatThrownBy(() -> ConfigLoader.parse("worker:\n  labels: [\"bad label\"]\n", "c.yml"))
        .hasMessageContaining("worker.labels: invalid label 'bad label'");
    assertThatThrownBy(() -> ConfigLoader.parse("server: ftp://host\n", "c.yml"))
        .hasMessageContaining("server: 'ftp://host' is not an http:// or https:// URL");
  }

  @Test
  void brokenYamlIsAUsageError() {
    assertThatThrownBy(() -> ConfigLoader.parse("server: [unclosed\n", "c.yml"))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("c.yml");
  }

  @Test
  void theDefaultFileIsOptional() {
    assertThat(ConfigLoader.load(Map.of("HOME", home.toString()))).isEqualTo(CliConfig.EMPTY);
  }

  @Test
  void theDefaultFileLivesInDotRelayqUnderHome() throws IOException {
    Files.createDirectories(home.resolve(".relayq"));
    Files.writeString(home.resolve(".relayq/config.yml"), "server: http://127.0.0.1:9999\n");

    assertThat(ConfigLoader.load(Map.of("HOME", home.toString())).server()).isEqualTo("http://127.0.0.1:9999");
  }

  @Test
  void relayqConfigPointsToAnotherFileWhichMustExist() throws IOException {
    Path file = home.resolve("other.yml");
    Map<String, String> env = Map.of("HOME", home.toString(), "RELAYQ_CONFIG", file.toString());

    assertThatThrownBy(() -> ConfigLoader.load(env))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("RELAYQ_CONFIG points to " + file + ", which does not exist");

    Files.writeString(file, "server: http://127.0.0.1:7000\n");
    assertThat(ConfigLoader.load(env).server()).isEqualTo("http://127.0.0.1:7000");
  }
}
