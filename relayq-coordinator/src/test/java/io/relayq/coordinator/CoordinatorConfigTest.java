package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoordinatorConfigTest {

  @Test
  void defaultsListenOnLoopbackPort8750() {
    CoordinatorConfig c = CoordinatorConfig.defaults();

    assertThat(c.bind()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8750);
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxJsonBytes()).isEqualTo(4 * 1024 * 1024);
  }

  @Test
  void withersChangeOneSettingOnly() {
    CoordinatorConfig c = CoordinatorConfig.defaults().withPort(0).withBind("0.0.0.0")
        .withMaxPollWait(Duration.ofSeconds(5));

    assertThat(c.port()).isZero();
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    assertThat(c.maxPollWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.reaperInterval()).isEqualTo(CoordinatorConfig.DEFAULT_REAPER_INTERVAL);
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    CoordinatorConfig d = CoordinatorConfig.defaults();

    assertThatThrownBy(() -> d.withPort(70000)).hasMessageContaining("port: 70000");
    assertThatThrownBy(() -> d.withBind(" ")).hasMessageContaining("bind");
    assertThatThrownBy(() -> d.withReaperInterval(Duration.ZERO)).hasMessageContaining("reaperInterval");
    assertThatThrownBy(() -> d.withWorkerOfflineAfter(Duration.ofSeconds(5)))
        .hasMessageContaining("workerOfflineAfter").hasMessageContaining("heartbeatInterval");
    assertThatThrownBy(() -> d.withMaxJsonBytes(10)).hasMessageContaining("maxJsonBytes: 10");
  }
}
