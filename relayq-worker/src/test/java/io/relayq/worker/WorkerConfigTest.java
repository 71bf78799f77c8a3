package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  private final WorkerConfig defaults = WorkerConfig.defaults(URI.create("http://127.0.0.1:8750"));

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(defaults.nice()).isEqualTo(10);
    assertThat(defaults.slots()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(defaults.pollWait()).isEqualTo(Duration.ofSeconds(25));
    assertThat(defaults.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.killGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.stateDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".relayq", "worker"));
    assertThat(defaults.jobsDir()).isEqualTo(defaults.stateDir().resolve("jobs"));
    assertThat(defaults.detectLabels()).isTrue();
    assertThat(defaults.spoolMaxBytes()).isEqualTo(1024L * 1024 * 1024);
    assertThat(defaults.startWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.name()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  }

  @Test
  void theJobsDirectoryFollowsTheStateDirectoryUnlessSetOnItsOwn() {
    Path state = Path.of("/srv/relayq");
    assertThat(defaults.withStateDir(state).jobsDir()).isEqualTo(state.resolve("jobs"));
    assertThat(defaults.withJobsDir(Path.of("/scratch")).withStateDir(state).jobsDir()).isEqualTo(Path.of("/scratch"));
  }

  @Test
  void badValuesAreRefusedWithTheSettingAndItsRange() {
    assertThatThrownBy(() -> defaults.withSlots(0)).hasMessage("slots must be 1..1024, got 0");
    assertThatThrownBy(() -> defaults.withNice(20)).hasMessageContaining("nice must be -20..19").hasMessageContaining("got 20");
    assertThatThrownBy(() -> defaults.withName("my worker")).hasMessageContaining("worker name 'my worker' is invalid");
    assertThatThrownBy(() -> defaults.withLabels(List.of("ok", "not ok"))).hasMessageContaining("invalid label 'not ok'");
    assertThatThrownBy(() -> defaults.withPollWait(Duration.ofMinutes(1))).hasMessageContaining("pollWait must be between");
    assertThatThrownBy(() -> defaults.withKillGrace(Duration.ofSeconds(-1))).hasMessageContaining("killGrace");
    assertThatThrownBy(() -> defaults.withServer(URI.create("localhost:8750"))).hasMessageContaining("http://127.0.0.1:8750");
    assertThatThrownBy(() -> defaults.withServers(List.of(URI.create("http://a:1"), URI.create("b:2"))))
        .hasMessageContaining("server 'b:2' is not an http(s) URL");
    assertThatThrownBy(() -> defaults.withServers(List.of())).hasMessageContaining("give at least one");
    assertThatThrownBy(() -> defaults.withSpoolMaxBytes(1000))
        .hasMessage("spoolMaxBytes must be at least 1048576 (1 MiB), got 1000");
    assertThatThrownBy(() -> defaults.withStartWait(Duration.ofSeconds(-1))).hasMessageContaining("startWait must be 0");
  }
}
