package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.api.JobView;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  static JobView job(JobState state, EndReason reason, Integer exitCode) {
    return new JobView("j_0q3c5m8x2kd4h7rt", state, "true", 1, 3, false, "vm", exitCode, reason, null, null,
        null, null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void aJobThatExitedGivesItsOwnExitCode() {
    assertThat(ExitCodes.forFinishedJob(job(JobState.SUCCEEDED, EndReason.EXIT, 0))).isZero();
    assertThat(ExitCodes.forFinishedJob(job(JobState.FAILED, EndReason.EXIT, 3))).isEqualTo(3);
    assertThat(ExitCodes.forFinishedJob(job(JobState.FAILED, EndReason.EXIT, 75))).isEqualTo(75);
  }

  @Test
  void aTimedOutJobGives124EvenIfItsKilledProcessLeftAStatus() {
    assertThat(ExitCodes.forFinishedJob(job(JobState.FAILED, EndReason.TIMEOUT, null))).isEqualTo(124);
    assertThat(ExitCodes.forFinishedJob(job(JobState.FAILED, EndReason.TIMEOUT, 143))).isEqualTo(124);
  }

  @Test
  void aCancelledJobGives125() {
    assertThat(ExitCodes.forFinishedJob(job(JobState.CANCELLED, EndReason.CANCELLED, null))).isEqualTo(125);
    assertThat(ExitCodes.forFinishedJob(job(JobState.CANCELLED, null, null))).isEqualTo(125);
  }

  @Test
  void aLostJobOrOneThatCouldNotStartGives126() {
    assertThat(ExitCodes.forFinishedJob(job(JobState.FAILED, EndReason.LOST, null))).isEqualTo(126);
    assertThat(ExitCodes.forFinishedJob(job(JobState.FAILED, EndReason.START_FAILED, null))).isEqualTo(126);
  }

  @Test
  void aJobThatIsNotFinishedHasNoExitCode() {
    assertThatThrownBy(() -> ExitCodes.forFinishedJob(job(JobState.RUNNING, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is running, not finished");
  }
}
