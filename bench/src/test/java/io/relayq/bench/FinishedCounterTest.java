package io.relayq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinishedCounterTest {

  @Test
  void sumsTheCounterOverEveryOutcome() {
    String page = """
        # HELP relayq_jobs_finished_total Jobs that reached a final state
        # TYPE relayq_jobs_finished_total counter
        relayq_jobs_finished_total{outcome="succeeded"} 1200.0
        relayq_jobs_finished_total{outcome="failed",reason="exit_code"} 3.0
        relayq_jobs_leased_total 1300.0
        """;

    assertThat(FinishedCounter.parse(page)).hasValue(1203.0);
  }

  @Test
  void aCoordinatorThatHasFinishedNothingYetReadsZero() {
    assertThat(FinishedCounter.parse("relayq_jobs_submitted_total 5.0\n")).hasValue(0.0);
  }

  @Test
  void aPageThatIsNotACoordinatorsGivesNothing() {
    assertThat(FinishedCounter.parse("<html>not found</html>")).isEmpty();
  }
}
