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

  @Test
  void aPreferenceWaitsFiveMinutesUnlessToldOtherwise() {
    JobSpec spec = JobSpecValidator.validate(cmd("true").prefer(List.of("mac")).build());
    assertThat(spec.preferLabels()).containsExactly("mac");
    assertThat(spec.preferWait()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(spec.preferUntil(java.time.Instant.EPOCH)).isEqualTo(java.time.Instant.EPOCH.plusSeconds(300));

    JobSpec delayed = JobSpecValidator.validate(
        cmd("true").preferWorker("mini").preferWait("2m").delay("10m").build());
    assertThat(delayed.preferUntil(java.time.Instant.EPOCH)).isEqualTo(java.time.Instant.EPOCH.plusSeconds(720));
    assertThat(JobSpecValidator.validate(cmd("true").build()).preferUntil(java.time.Instant.EPOCH)).isNull();
  }

  @Test
  void refusesAPreferenceWaitWithNothingPreferredAndBadPreferences() {
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").preferWait("2m").build()))
        .isInstanceOf(InvalidJobException.class).hasMessageContaining("preferWait");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").prefer(List.of("bad label")).build()))
        .hasMessageContaining("prefer").hasMessageContaining("'bad label'");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").preferWorker("no spaces").build()))
        .hasMessageContaining("preferWorker");
  }

  @Test
  void aGroupHasALimitOfOneUnlessToldOtherwise() {
    assertThat(JobSpecValidator.validate(cmd("true").group("transcode").build()).groupLimit()).isEqualTo(1);
    assertThat(JobSpecValidator.validate(cmd("true").group("transcode").groupLimit(3).build()).groupLimit())
        .isEqualTo(3);
    assertThat(JobSpecValidator.validate(cmd("true").build()).groupLimit()).isNull();
  }

  @Test
  void refusesBadGroupsAndLimits() {
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").groupLimit(2).build()))
        .hasMessageContaining("groupLimit").hasMessageContaining("needs a group");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").group("transcode").groupLimit(0).build()))
        .hasMessageContaining("groupLimit").hasMessageContaining("1..");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").group("a b").build()))
        .hasMessageContaining("group");
  }

  @Test
  void dependenciesMustBeJobIdsAndRepeatsAreDropped() {
    JobSpec spec = JobSpecValidator.validate(
        cmd("true").after(List.of("j_0000000000000001", "j_0000000000000002", "j_0000000000000001")).build());
    assertThat(spec.after()).containsExactly("j_0000000000000001", "j_0000000000000002");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").after(List.of("nope")).build()))
        .hasMessageContaining("after").hasMessageContaining("'nope'");
  }

  @Test
  void aStartTimeInThePastIsRefusedBeyondAMinuteOfClockSkew() {
    java.time.Instant now = java.time.Instant.parse("2026-12-01T03:00:00Z");
    JobSpec skewed = JobSpecValidator.validate(cmd("true").runAt("2026-12-01T02:59:30Z").build());
    JobSpecValidator.checkStartNotPast(skewed, now);
    JobSpec past = JobSpecValidator.validate(cmd("true").runAt("2026-11-30T03:00:00Z").build());
    assertThatThrownBy(() -> JobSpecValidator.checkStartNotPast(past, now))
        .isInstanceOf(InvalidJobException.class).hasMessageContaining("runAt").hasMessageContaining("in the past");
  }

  @Test
  void specsStoredBeforeSchedulingFieldsReadBackWithoutThem() throws Exception {
    JobSpec spec = Json.mapper().readValue("""
        {"command":"true","env":{},"labels":[],"priority":0,"timeout":"5h","leaseTtl":"15s","maxAttempts":1,
         "retryBackoff":"1s","retryExitCodes":[75],"metadata":{}}""", JobSpec.class);
    assertThat(spec.after()).isEmpty();
    assertThat(spec.preferLabels()).isEmpty();
    assertThat(spec.hasPreference()).isFalse();
    assertThat(spec.group()).isNull();
  }

  @Test
  void secretEnvIsCheckedLikeEnvWithoutRepeatingItsValuesAndRedactedForShowing() {
    JobSpec spec = JobSpecValidator.validate(cmd("true").env(Map.of("A", "1"))
        .secretEnv(Map.of("TOKEN", "hunter2")).build());
    assertThat(spec.secretEnv()).containsExactly(Map.entry("TOKEN", "hunter2"));
    assertThat(spec.redacted().secretEnv()).containsExactly(Map.entry("TOKEN", "<secret>"));
    assertThat(spec.redacted().env()).isEqualTo(spec.env());

    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").env(Map.of("TOKEN", "a"))
        .secretEnv(Map.of("TOKEN", "hunter2")).build())).hasMessageStartingWith("secretEnv:")
        .hasMessageContaining("both").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").secretEnv(Map.of("1X", "hunter2")).build()))
        .hasMessageStartingWith("secretEnv:").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").secretEnv(Map.of("X", "hunter2\0")).build()))
        .hasMessageStartingWith("secretEnv:").hasMessageNotContaining("hunter2");
    String half = "x".repeat(JobSpecValidator.MAX_ENV_BYTES / 2 + 1);
    assertThatThrownBy(() -> JobSpecValidator.validate(cmd("true").env(Map.of("A", half))
        .secretEnv(Map.of("B", half)).build())).hasMessageStartingWith("env:").hasMessageContaining("together");
  }

  @Test
  void specsStoredBeforeSecretEnvReadBackWithoutIt() throws Exception {
    JobSpec spec = Json.mapper().readValue("""
        {"command":"true","env":{},"labels":[],"priority":0,"timeout":"5h","leaseTtl":"15s","maxAttempts":1,
         "retryBackoff":"1s","retryExitCodes":[75],"metadata":{}}""", JobSpec.class);
    assertThat(spec.secretEnv()).isEmpty();
    assertThat(spec.redacted()).isSameAs(spec);
  }
}
