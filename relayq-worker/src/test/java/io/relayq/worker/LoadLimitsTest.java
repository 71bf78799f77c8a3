package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadLimitsTest {
  private static final long GIB = 1024L * 1024 * 1024;

  @Test
  void aCpuLoadAboveTheThresholdPauses() {
    LoadLimits limits = LoadLimits.DEFAULT;

    assertThat(limits.pausedReason(80.0, null)).isNull();
    assertThat(limits.pausedReason(80.4, null)).isEqualTo("above its CPU threshold (load 80%, threshold 80%)");
    assertThat(limits.pausedReason(null, null)).as("not measured yet").isNull();
  }

  @Test
  void lessFreeMemoryThanTheFloorPauses() {
    LoadLimits limits = LoadLimits.OFF.withMinFreeMemory(GIB);

    assertThat(limits.pausedReason(99.0, GIB)).isNull();
    assertThat(limits.pausedReason(99.0, GIB / 2)).isEqualTo("under its free memory floor (512 MiB free, floor 1.0 GiB)");
  }

  @Test
  void zeroTurnsEachLimitOff() {
    assertThat(LoadLimits.OFF.pausedReason(100.0, 0L)).isNull();
  }

  @Test
  void outOfRangeLimitsAreRefused() {
    assertThatThrownBy(() -> LoadLimits.DEFAULT.withCpuThreshold(101)).hasMessageContaining("1..100");
    assertThatThrownBy(() -> LoadLimits.DEFAULT.withCpuThreshold(-1)).hasMessageContaining("1..100");
    assertThatThrownBy(() -> LoadLimits.DEFAULT.withMinFreeMemory(-1)).hasMessageContaining("0 (none) or more");
  }

  @Test
  void theMachineReportsACpuPercentOnceTwoSamplesSpanSomeTimeAndItsFreeMemory() throws Exception {
    MachineLoad machine = new MachineLoad();
    machine.sampleCpu();
    Thread.sleep(200);

    assertThat(machine.sampleCpu()).isBetween(0.0, 100.0);
    assertThat(machine.freeMemory()).isPositive();
  }
}
