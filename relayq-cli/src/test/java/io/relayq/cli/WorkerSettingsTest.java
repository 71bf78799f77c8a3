package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.worker.LoadLimits;
import io.relayq.worker.WorkerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {
  private static final URI SERVER = URI.create("http://127.0.0.1:8750");
  private static final Path HOME = Path.of("/home/ann/.relayq");
  private static final WorkerSettings NO_FLAGS = new WorkerSettings(null, null, null, null, null, null);
  private static final CliConfig.Worker FILE = new CliConfig.Worker("from-file", List.of("file"), 3, 5, "~/state");

  @Test
  void withoutAnySettingTheDefaultsApplyAndStateLivesUnderHome() {
    WorkerConfig c = NO_FLAGS.toConfig(List.of(SERVER), Map.of(), CliConfig.Worker.EMPTY, HOME);
    assertThat(c.name()).isEqualTo(WorkerConfig.defaultName());
    assertThat(c.slots()).isEqualTo(WorkerConfig.defaultSlots());
    assertThat(c.stateDir()).isEqualTo(HOME.resolve("worker"));
    assertThat(c.server()).isEqualTo(SERVER);
  }

  @Test
  void theConfigFileFillsWhatNothingElseSets() {
    WorkerConfig c = NO_FLAGS.toConfig(List.of(SERVER), Map.of(), FILE, HOME);
    assertThat(c.name()).isEqualTo("from-file");
    assertThat(c.labels()).containsExactly("file");
    assertThat(c.slots()).isEqualTo(3);
    assertThat(c.nice()).isEqualTo(5);
    assertThat(c.stateDir()).isEqualTo(Path.of("/home/ann/state"));
  }

  @Test
  void theEnvironmentWinsOverTheConfigFile() {
    Map<String, String> env = Map.of("RELAYQ_WORKER_NAME", "from-env", "RELAYQ_WORKER_LABELS", "b, a",
        "RELAYQ_WORKER_SLOTS", "4");
    WorkerConfig c = NO_FLAGS.toConfig(List.of(SERVER), env, FILE, HOME);
    assertThat(c.name()).isEqualTo("from-env");
    assertThat(c.labels()).containsExactly("a", "b");
    assertThat(c.slots()).isEqualTo(4);
    assertThat(c.nice()).isEqualTo(5);
  }

  @Test
  void flagsWinOverEverything() {
    WorkerSettings flags = new WorkerSettings("rpi4", List.of("light", "arm"), 1, 19, Path.of("/var/lib/rq"),
        Duration.ofSeconds(5));
    WorkerConfig c = flags.toConfig(List.of(SERVER), Map.of("RELAYQ_WORKER_NAME", "from-env"), FILE, HOME);
    assertThat(c.name()).isEqualTo("rpi4");
    assertThat(c.labels()).containsExactly("arm", "light");
    assertThat(c.slots()).isEqualTo(1);
    assertThat(c.nice()).isEqualTo(19);
    assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/rq"));
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aBadValueIsAUsageErrorNamingItsSource() {
    assertThatThrownBy(() -> NO_FLAGS.toConfig(List.of(SERVER), Map.of("RELAYQ_WORKER_SLOTS", "lots"), FILE, HOME))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("RELAYQ_WORKER_SLOTS: 'lots' is not a whole number");
    assertThatThrownBy(() -> new WorkerSettings("bad name!", null, null, null, null, null)
        .toConfig(List.of(SERVER), Map.of(), FILE, HOME))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("worker name 'bad name!' is invalid");
  }

  @Test
  void loadLimitsComeFromFlagsThenTheEnvironmentThenTheFileAndDefaultTo80PercentCpu() {
    assertThat(NO_FLAGS.toConfig(List.of(SERVER), Map.of(), CliConfig.Worker.EMPTY, HOME).load())
        .isEqualTo(LoadLimits.DEFAULT);
    CliConfig.Worker file = new CliConfig.Worker(null, null, null, null, null, 70, "1G");

    assertThat(NO_FLAGS.toConfig(List.of(SERVER), Map.of(), file, HOME).load())
        .isEqualTo(new LoadLimits(70, 1024L * 1024 * 1024, null));
    assertThat(NO_FLAGS.toConfig(List.of(SERVER), Map.of("RELAYQ_WORKER_CPU_THRESHOLD", "0",
        "RELAYQ_WORKER_MIN_FREE_MEMORY", "off", "RELAYQ_WORKER_LOAD_PROBE", "/tmp/load"), file, HOME).load())
        .isEqualTo(new LoadLimits(0, 0, Path.of("/tmp/load")));
    WorkerSettings flags = new WorkerSettings(null, null, null, null, null, null, 95, "256M", null);
    assertThat(flags.toConfig(List.of(SERVER), Map.of("RELAYQ_WORKER_CPU_THRESHOLD", "0"), file, HOME).load())
        .isEqualTo(new LoadLimits(95, 256L * 1024 * 1024, null));
  }

  @Test
  void badLoadLimitsAreUsageErrors() {
    assertThatThrownBy(() -> new WorkerSettings(null, null, null, null, null, null, 150, null, null)
        .toConfig(List.of(SERVER), Map.of(), FILE, HOME))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("cpu threshold must be 1..100 (percent), or 0 for none, got 150");
    assertThatThrownBy(() -> new WorkerSettings(null, null, null, null, null, null, null, "lots", null)
        .toConfig(List.of(SERVER), Map.of(), FILE, HOME))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("min free memory: 'lots' is not a size");
  }
}
