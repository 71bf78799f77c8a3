package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.core.JobSpec;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobSubmission;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobBuilderTest {
  private final Relayq relayq = Relayq.connect(URI.create("http://127.0.0.1:1"));

  @AfterEach
  void close() {
    relayq.close();
  }

  @Test
  void everySettingReachesTheSubmissionAndPassesTheCoreValidator() {
    JobSubmission s = relayq.job("ffmpeg -i a.mp4 b.mp4")
        .env("LANG", "C").secretEnv("API_KEY", "k3y").cwd("/tmp").stdin("y\n").on("mac-mini").label("has:ffmpeg").label("os:macos")
        .priority(5).timeout(Duration.ofMinutes(90)).lease(Duration.ofSeconds(30)).delay(Duration.ofMillis(1500))
        .retries(3).retryBackoff(Duration.ofSeconds(2)).retryOnExitCodes(75, 99).key("k-1")
        .metadata("ticket", "OPS-42")
        .toSubmission();

    assertThat(s.command()).isEqualTo("ffmpeg -i a.mp4 b.mp4");
    assertThat(s.argv()).isNull();
    assertThat(s.env()).isEqualTo(Map.of("LANG", "C"));
    assertThat(s.secretEnv()).isEqualTo(Map.of("API_KEY", "k3y"));
    assertThat(s.worker()).isEqualTo("mac-mini");
    assertThat(s.labels()).containsExactly("has:ffmpeg", "os:macos");
    assertThat(s.timeout()).isEqualTo("1h30m");
    assertThat(s.lease()).isEqualTo("30s");
    assertThat(s.delay()).isEqualTo("1500ms");
    assertThat(s.retryExitCodes()).containsExactly(75, 99);
    JobSpec spec = JobSpecValidator.validate(s);
    assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(spec.delay()).isEqualTo(Duration.ofMillis(1500));
    assertThat(spec.maxAttempts()).isEqualTo(4);
    assertThat(spec.priority()).isEqualTo(5);
    assertThat(spec.metadata()).containsEntry("ticket", "OPS-42");
    assertThat(spec.redacted().secretEnv()).containsEntry("API_KEY", "<secret>");
  }

  @Test
  void argvReplacesTheCommandAndKeepsEveryElementWhole() {
    String hostile = "a'; rm -rf ~; '.mp4";

    JobSubmission s = relayq.job("ignored").argv("ffmpeg", "-i", hostile, "out.mp4").toSubmission();

    assertThat(s.command()).isNull();
    assertThat(s.argv()).containsExactly("ffmpeg", "-i", hostile, "out.mp4");
    assertThat(relayq.argv(List.of("true")).toSubmission().argv()).containsExactly("true");
  }

  @Test
  void unsetSettingsAreLeftToTheCoordinator() {
    JobSubmission s = relayq.job("true").toSubmission();

    assertThat(s).isEqualTo(JobSubmission.ofCommand("true"));
  }

  @Test
  void runAtIsSentAsAnIsoInstant() {
    assertThat(relayq.job("true").runAt(Instant.parse("2030-01-02T03:04:05Z")).toSubmission().runAt())
        .isEqualTo("2030-01-02T03:04:05Z");
  }

  @Test
  void durationsThatCannotBeWrittenOnTheWireAreRefusedHere() {
    assertThatThrownBy(() -> relayq.job("true").timeout(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must not be negative, got PT-5S");
    assertThatThrownBy(() -> relayq.job("true").delay(Duration.ofNanos(500)))
        .hasMessage("delay must be 0 or at least 1 ms, got 500 ns");
    assertThat(relayq.job("true").delay(Duration.ZERO).toSubmission().delay()).isEqualTo("0s");
  }
}
