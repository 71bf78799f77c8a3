package io.relayq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LauncherFlagsTest {

  @Test
  void readsEachCommandsFlagsFromTheProductsLauncher() {
    LauncherFlags flags = LauncherFlags.read(Path.of("..", "relayq"));

    assertThat(flags.server()).contains("-XX:+UseSerialGC");
    assertThat(flags.worker()).contains("-XX:+UseSerialGC");
    assertThat(flags.shortCommand()).isNotEmpty();
  }

  @Test
  void aCommandWithoutItsOwnLineGetsTheDefaultFlags() {
    LauncherFlags flags = LauncherFlags.parse("""
        case "${1:-}" in
          up|server) jvm_opts=(-Xss512k) ;;
          worker) jvm_opts=(-Xmx256m -Xss512k) ;;
          *) jvm_opts=(-XX:TieredStopAtLevel=1) ;;
        esac
        """, "test");

    assertThat(flags.server()).containsExactly("-Xss512k");
    assertThat(flags.worker()).containsExactly("-Xmx256m", "-Xss512k");
    assertThat(flags.shortCommand()).containsExactly("-XX:TieredStopAtLevel=1");
  }

  @Test
  void aLauncherWithoutFlagLinesIsRefusedWithWhatWasLookedFor() {
    assertThatThrownBy(() -> LauncherFlags.parse("exec java -jar relayq.jar \"$@\"\n", "old-launcher"))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("old-launcher")
        .hasMessageContaining("jvm_opts");
  }
}
