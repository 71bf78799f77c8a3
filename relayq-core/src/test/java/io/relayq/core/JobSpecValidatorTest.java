package io.relayq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecValidatorTest {

  private static JobSubmission.Builder cmd(String c) {
    return JobSubmission.builder().command(c);
  }

  @Test
  void fillsDefaultsForAPlainCommand() {
    JobSpec spec = JobSpecValidator.validate(JobSubmission.ofCommand("echo hi"));
    assertThat(spec.command()).isEqualTo("echo hi");
    assertThat(spec.timeout()).isEqualTo(Duration.ofHours(5));
    assertThat(spec.leaseTtl()).isEqualTo(Duration.ofSeconds(15));
    assertThat(spec.maxAttempts()).isEqualTo(3);
    assertThat(spec.retryExitCodes()).containsExactly(75);
    assertThat(spec.labels()).isEmpty();
  }

  @Test
  void refusesAnEmptyOrMissingCommand() {
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("  ").build()))
        .isInstanceOf(InvalidJobException.class).hasMessageContaining("command");
    assertThatThrownBy(() -> JobSpecValidator.validate(JobSubmission.builder().build()))
        .isInstanceOf(InvalidJobException.class).hasMessageContaining("required");
    assertThatThrownBy(() -> JobSpecValidator.validate(JobSubmission.builder().argv(List.of()).build()))
        .isInstanceOf(InvalidJobException.class).hasMessageContaining("argv");
  }

  @Test
  void refusesBothCommandAndArgv() {
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("ls").argv(List.of("ls")).build()))
        .hasMessageContaining("not both");
  }

  @Test
  void refusesNegativeZeroAndAbsurdTimeouts() {
    for (String bad : List.of("-5s", "0s", "31d", "forever", "5 h")) {
      assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").timeout(bad).build()))
          .as(bad)
          .isInstanceOf(InvalidJobException.class)
          .hasMessageStartingWith("timeout:");
    }
  }

  @Test
  void refusesBadLabelsNamingTheLabel() {
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").labels(List.of("ok", "bad label")).build()))
        .hasMessageContaining("'bad label'");
  }

  @Test
  void normalisesLabelsSortedWithoutDuplicates() {
    JobSpec spec = JobSpecValidator.validate(cmd("true").labels(List.of("b", "a", "b")).build());
    assertThat(spec.labels()).containsExactly("a", "b");
  }

  @Test
  void refusesOutOfRangeNumbers() {
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").priority(5000).build()))
        .hasMessageStartingWith("priority:");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").retries(-1).build()))
        .hasMessageStartingWith("retries:");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").retryExitCodes(List.of(0)).build()))
        .hasMessageStartingWith("retryExitCodes:");
  }

  @Test
  void refusesBadEnvNamesAndNulBytes() {
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").env(Map.of("1X", "v")).build()))
        .hasMessageStartingWith("env:");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("a\0b").build()))
        .hasMessageContaining("NUL");
  }

  @Test
  void refusesACommandOverTheBound() {
    String huge = "x".repeat(JobSpecValidator.MAX_COMMAND_BYTES + 1);
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd(huge).build()))
        .hasMessageContaining("at most " + JobSpecValidator.MAX_COMMAND_BYTES);
  }

  @Test
  void refusesRunAtTogetherWithDelay() {
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").runAt("2030-01-01T00:00:00Z").delay("1m").build()))
        .hasMessageStartingWith("delay:");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").runAt("tomorrow").build()))
        .hasMessageStartingWith("runAt:");
  }

  @Test
  void equalSubmissionsGiveEqualSpecs() {
    JobSubmission s = cmd("echo hi").labels(List.of("x")).timeout("10m").delay("5m").build();
    assertThat(JobSpecValidator.validate(s)).isEqualTo(JobSpecValidator.validate(s));
  }

  @Test
  void backoffDoublesAndIsCapped() {
    JobSpec spec = JobSpecValidator.validate(cmd("true").retryBackoff("2s").build());
    assertThat(spec.backoffBefore(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.backoffBefore(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(spec.backoffBefore(40)).isEqualTo(JobSpec.MAX_RETRY_BACKOFF);
  }
}
