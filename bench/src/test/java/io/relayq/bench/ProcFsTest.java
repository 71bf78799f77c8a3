package io.relayq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class ProcFsTest {
  private final long self = ProcessHandle.current().pid();

  @Test
  void readsTheResidentMemoryOfARunningProcess() {
    assertThat(ProcFs.rssKb(self).orElseThrow()).isGreaterThan(1024);
  }

  @Test
  void aProcessThatRanJavaCodeHasUsedCpu() {
    assertThat(ProcFs.cpuSeconds(self)).isPositive();
    assertThat(ProcFs.startTicks(self)).isPositive();
  }

  @Test
  void aProcessThatIsGoneHasNoFigures() {
    long gone = Long.MAX_VALUE;

    assertThat(ProcFs.rssKb(gone)).isEmpty();
    assertThat(ProcFs.cpuSeconds(gone)).isZero();
    assertThat(ProcFs.startTicks(gone)).isEqualTo(-1);
  }
}
