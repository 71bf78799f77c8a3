package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.client.ConflictException;
import io.relayq.client.RelayqClient;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import io.relayq.store.JobQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs from submit to result through a real coordinator and a real worker process. */
class JobLifecycleIT {
  @TempDir static Path dir;
  static Cluster cluster;
  static RelayqClient client;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start(dir);
    cluster.startWorker("w1", "--slots", "4");
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void echoSucceedsWithItsOutput() {
    JobView job = Jobs.submit(client, JobSubmission.builder().command("echo SUCCESS"));
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.exitCode()).isZero();
    assertThat(done.worker()).isEqualTo("w1");
    assertThat(new String(client.output(job.id(), null, OutputChannel.STDOUT), StandardCharsets.UTF_8))
        .isEqualTo("SUCCESS\n");
    assertThat(done.attempts()).singleElement().satisfies(a -> {
      assertThat(a.reason()).isEqualTo(EndReason.EXIT);
      assertThat(a.exitCode()).isZero();
      assertThat(a.worker()).isEqualTo("w1");
    });
  }

  @Test
  void failingJobKeepsItsExitCodeAndBothStreamsApart() {
    JobView job = Jobs.submit(client, JobSubmission.builder().command("echo out; echo err >&2; exit 3"));
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(done.reason()).isEqualTo(EndReason.EXIT);
    assertThat(client.output(job.id(), null, OutputChannel.STDOUT)).asString().isEqualTo("out\n");
    assertThat(client.output(job.id(), null, OutputChannel.STDERR)).asString().isEqualTo("err\n");
  }

  @Test
  void binaryAndUtf8OutputArriveByteForByte() {
    JobView job = Jobs.submit(client, JobSubmission.builder()
        .command("printf '\\000\\001\\377\\376'; printf 'h\\303\\251llo \\342\\234\\223\\n'"));
    Jobs.awaitTerminal(client, job.id());
    byte[] expected = new byte[] {0, 1, (byte) 0xff, (byte) 0xfe, 'h', (byte) 0xc3, (byte) 0xa9, 'l', 'l', 'o', ' ',
        (byte) 0xe2, (byte) 0x9c, (byte) 0x93, '\n'};
    assertThat(client.output(job.id(), null, OutputChannel.STDOUT)).isEqualTo(expected);
    assertThat(new String(expected, 4, 11, StandardCharsets.UTF_8)).isEqualTo("h\u00e9llo \u2713\n");
  }

  @Test
  void largeOutputArrivesComplete() {
    JobView job = Jobs.submit(client, JobSubmission.builder().command("seq 1 400000"));
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    String expected = IntStream.rangeClosed(1, 400000).mapToObj(Integer::toString)
        .collect(Collectors.joining("\n", "", "\n"));
    assertThat(new String(client.output(job.id(), null, OutputChannel.STDOUT), StandardCharsets.US_ASCII))
        .isEqualTo(expected);
  }

  @Test
  void argvEnvCwdAndStdinReachTheProcess() {
    JobView job = Jobs.submit(client, JobSubmission.builder()
        .argv(List.of("/bin/sh", "-c", "printf '%s|%s|' \"$GREETING\" \"$(pwd)\"; cat", "ignored"))
        .env(Map.of("GREETING", "hi there"))
        .cwd("/tmp")
        .stdin("from stdin"));
    Jobs.awaitTerminal(client, job.id());
    assertThat(client.output(job.id(), null, OutputChannel.STDOUT)).asString().isEqualTo("hi there|/tmp|from stdin");
  }

  @Test
  void argvIsNeverReparsedByAShell() {
    JobView job = Jobs.submit(client, JobSubmission.builder()
        .argv(List.of("printf", "%s", "a'; echo INJECTED; '.mp4")));
    Jobs.awaitTerminal(client, job.id());
    assertThat(client.output(job.id(), null, OutputChannel.STDOUT)).asString().isEqualTo("a'; echo INJECTED; '.mp4");
  }

  @Test
  void sameKeyTwiceGivesOneJobAndAnotherSpecIsAConflict() {
    var first = client.submit(JobSubmission.builder().command("echo once").key("nightly-2026-11-25").build());
    var second = client.submit(JobSubmission.builder().command("echo once").key("nightly-2026-11-25").build());
    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.job().id()).isEqualTo(first.job().id());
    assertThatThrownBy(() -> client.submit(JobSubmission.builder().command("echo twice").key("nightly-2026-11-25").build()))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).isKeyConflict()).isTrue());
    long withKey = cluster.store().listJobs(JobQuery.all(1000)).jobs().stream()
        .filter(j -> "nightly-2026-11-25".equals(j.key())).count();
    assertThat(withKey).isEqualTo(1);
  }

  @Test
  void retryExitCodeRunsTheJobAgain() throws Exception {
    Path marker = dir.resolve("retry-marker");
    JobView job = Jobs.submit(client, JobSubmission.builder()
        .command("if [ -e " + marker + " ]; then echo second; else touch " + marker + "; exit 75; fi")
        .retryBackoff("0s"));
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.attempts()).hasSize(2);
    assertThat(done.attempts().get(0).exitCode()).isEqualTo(75);
    assertThat(client.output(job.id(), 2, OutputChannel.STDOUT)).asString().isEqualTo("second\n");
  }

  @Test
  void missingWorkingDirectoryFailsAsStartFailed() {
    JobView job = Jobs.submit(client, JobSubmission.builder().command("true").cwd("/no/such/dir/anywhere"));
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.reason()).isEqualTo(EndReason.START_FAILED);
    assertThat(done.message()).contains("/no/such/dir/anywhere");
  }

  @Test
  void followStreamsOutputAndEndsWithTheFinalState() {
    JobView job = Jobs.submit(client, JobSubmission.builder().command("echo one; sleep 0.3; echo two"));
    StringBuilder seen = new StringBuilder();
    JobView end = client.follow(job.id(), 0, new io.relayq.client.OutputListener() {
      @Override
      public void onOutput(int attempt, OutputChannel stream, long seq, byte[] data) {
        seen.append(new String(data, StandardCharsets.UTF_8));
      }
    });
    assertThat(end.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(seen).hasToString("one\ntwo\n");
  }
}
