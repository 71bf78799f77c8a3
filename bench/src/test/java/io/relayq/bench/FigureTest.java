package io.relayq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FigureTest {

  @Test
  void aRateAboveItsTargetIsMarkedMet() {
    Figure f = Figure.of("k", "drain", 5_123.4, "jobs/s", Targets.DRAIN, Targets.DRAIN_PEER);

    assertThat(f.cell()).isEqualTo("5,123 jobs/s ✅");
  }

  @Test
  void aRateBelowItsTargetSaysWhatShareOfTheTargetItReached() {
    Figure f = Figure.of("k", "drain", 2_300, "jobs/s", Targets.DRAIN, Targets.DRAIN_PEER);

    assertThat(f.cell()).isEqualTo("2,300 jobs/s ❌ 50 % of target");
  }

  @Test
  void aTimeAboveItsBoundSaysHowManyTimesTheBoundItTook() {
    Figure f = Figure.of("k", "p99", 7.5, "ms", Targets.LATENCY_P99, Targets.LATENCY_P99_PEER);

    assertThat(f.cell()).isEqualTo("7.50 ms ❌ 2.5× the bound");
  }

  @Test
  void aTimeJustOverItsBoundSaysByWhatPercent() {
    Figure f = Figure.of("k", "recovery", 20.5, "s", Targets.RECOVERY, Targets.RECOVERY_PEER);

    assertThat(f.cell()).isEqualTo("20.5 s ❌ 2.5 % over the bound");
  }

  @Test
  void theSummaryCellLeavesTheNoteOut() {
    Figure f = Figure.of("k", "drain", 5_000, "jobs/s", Targets.DRAIN, "-").withNote("20,500 jobs");

    assertThat(f.cell()).isEqualTo("5,000 jobs/s ✅ (20,500 jobs)");
    assertThat(f.verdictCell()).isEqualTo("5,000 jobs/s ✅");
  }

  @Test
  void recoveryExactlyAtTheBoundMeetsAnAtMostTarget() {
    assertThat(Targets.RECOVERY.met(20.0)).isTrue();
    assertThat(Targets.RECOVERY.met(20.1)).isFalse();
  }

  @Test
  void aFigureThatCouldNotBeMeasuredShowsNotAvailableWithItsReason() {
    Figure f = new Figure("k", "batch", Double.NaN, "jobs/s", Targets.SUBMIT_BATCH, "-", "no batch API");

    assertThat(f.measured()).isFalse();
    assertThat(f.cell()).isEqualTo("n/a (no batch API)");
  }

  @Test
  void aFigureWithoutTargetIsShownUnjudged() {
    Figure f = Figure.of("k", "rss", 201.4, "MB", Targets.NONE, "-");

    assertThat(f.cell()).isEqualTo("201 MB");
  }
}
