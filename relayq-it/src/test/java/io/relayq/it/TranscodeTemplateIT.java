package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code transcode} template on a real worker process whose PATH holds a fake
 * {@code ffmpeg} written here: it records the argv it got. File names built to break out of a
 * shell must arrive byte for byte as single arguments, and nothing but that one ffmpeg may run.
 */
class TranscodeTemplateIT {
  @TempDir
  Path dir;

  private Cluster cluster;
  private Path calls;
  private Path args;
  private Path home;
  private Path canary;

  @BeforeEach
  void startClusterWithAFakeFfmpegWorker() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("fake-bin"));
    calls = dir.resolve("ffmpeg-calls");
    args = dir.resolve("ffmpeg-args");
    // each argument NUL-terminated, so the test sees exactly where one ends and the next begins
    Path ffmpeg = Files.writeString(bin.resolve("ffmpeg"), """
        #!/bin/sh
        echo call >> '%s'
        printf '%%s\\0' "$@" > '%s'
        echo "fake ffmpeg: $# arguments"
        """.formatted(calls, args));
    Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
    // the worker's (and so the job's) home is a sandbox with a canary: a name that reached a shell
    // would hit it with its "rm -rf ~", never the real home
    home = Files.createDirectories(dir.resolve("home"));
    canary = Files.writeString(home.resolve("canary"), "still here");
    cluster = Cluster.start(dir);
    cluster.startWorker("media", Map.of("PATH", bin + ":" + System.getenv("PATH"), "HOME", home.toString()));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void hostileFileNamesReachFfmpegByteForByteAndNothingElseRuns() throws IOException {
    assertThat(cluster.worker("media").labels()).as("detected from the fake ffmpeg on the worker's PATH")
        .contains("has:ffmpeg");
    Path pwned = dir.resolve("pwned");
    String input = "a'; rm -rf ~; '.mp4";
    String output = "$(touch " + pwned + "-1) `touch " + pwned + "-2`; touch " + pwned + "-3 #.mp4";
    List<String> options = List.of("-c:v", "libx264", "\"; touch " + pwned + "-4; \"", "日本 语\t\n.mkv");
    RelayqClient client = cluster.client();

    JobView submitted = client.submit(JobSubmission.builder().template("transcode")
        .params(Map.of("input", input, "output", output, "options", options)).retries(0).build()).job();
    await("transcode job ends").atMost(Duration.ofSeconds(60))
        .until(() -> client.job(submitted.id()).state().isTerminal());
    JobView job = client.job(submitted.id());

    assertThat(job.state()).as("job %s: %s", job.id(), job).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.worker()).isEqualTo("media");
    List<String> expected = new ArrayList<>(List.of("-nostdin", "-i", input));
    expected.addAll(options);
    expected.add(output);
    assertThat(recordedArgs()).isEqualTo(expected);
    assertThat(Files.readAllBytes(args)).as("the argv as bytes").isEqualTo(nulTerminated(expected));
    assertThat(Files.readAllLines(calls)).as("ffmpeg ran exactly once").containsExactly("call");
    assertThat(new String(client.output(job.id(), null, null), StandardCharsets.UTF_8))
        .isEqualTo("fake ffmpeg: " + expected.size() + " arguments\n");
    assertThat(canary).as("the home the job saw is untouched").hasContent("still here");
    for (int i = 1; i <= 4; i++) {
      assertThat(dir.resolve("pwned-" + i)).as("no shell ever ran a piece of a value").doesNotExist();
    }
    assertThat(job.spec().command()).isNull();
    assertThat(job.spec().template().name()).isEqualTo("transcode");
    assertThat(job.spec().template().params()).containsEntry("input", input).containsEntry("output", output);
    assertThat(job.spec().labels()).containsExactly("has:ffmpeg");
  }

  private static byte[] nulTerminated(List<String> words) {
    StringBuilder b = new StringBuilder();
    words.forEach(w -> b.append(w).append('\0'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The arguments the fake ffmpeg recorded, split at their NUL terminators, compared as bytes. */
  private List<String> recordedArgs() throws IOException {
    byte[] raw = Files.readAllBytes(args);
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    assertThat(start).as("every argument NUL-terminated").isEqualTo(raw.length);
    return out;
  }
}
