package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.FileList;
import io.relayq.core.api.JobView;
import io.relayq.core.files.JobFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job files end to end: a real coordinator, a real agent running a real shell process, inputs
 * uploaded by the Java client and outputs fetched back with their checksums.
 */
class JobFilesIT {
  private static final String NAME = "my \"clip\" 'a b'.txt";

  @TempDir
  Path dataDir;
  @TempDir
  Path stateDir;
  @TempDir
  Path work;

  private CoordinatorFixture relayq;
  private WorkerAgent agent;

  @BeforeEach
  void start() {
    relayq = CoordinatorFixture.start(dataDir);
    agent = WorkerAgent.start(WorkerConfig.defaults(relayq.url()).withLoadLimits(LoadLimits.OFF)
        .withToken(relayq.workerToken).withName("w1").withStateDir(stateDir).withSlots(1)
        .withPollWait(Duration.ofMillis(500)));
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    relayq.close();
  }

  @Test
  void inputsGoInOutputsComeBackByteForByteAndTheDirectoryIsRemoved() throws IOException {
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(bytes);
    Path local = Files.write(work.resolve("local.bin"), bytes);
    JobFile input = relayq.client.upload(local, NAME, null);

    String id = relayq.client.submit(JobSubmission.builder()
        .argv(List.of("sh", "-c", "cat \"$1\" \"$1\" > 'out put.bin' && pwd > where.txt", "sh", NAME))
        .inputs(List.of(input)).collect(List.of("out put.bin", "where.txt", "never.txt")).build()).job().id();

    JobView done = awaitEnd(id);
    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.SUCCEEDED);
    FileList files = relayq.client.files(id);
    assertThat(files.inputs()).extracting(f -> f.name()).containsExactly(NAME);
    assertThat(files.outputs()).extracting(f -> f.name()).containsExactly("out put.bin", "where.txt");
    assertThat(files.missing()).containsExactly("never.txt");
    assertThat(done.attempts().get(0).message()).contains("never.txt");

    Path out = work.resolve("out.bin");
    relayq.client.downloadOutput(id, "out put.bin", out);
    byte[] twice = new byte[bytes.length * 2];
    System.arraycopy(bytes, 0, twice, 0, bytes.length);
    System.arraycopy(bytes, 0, twice, bytes.length, bytes.length);
    assertThat(Files.readAllBytes(out)).isEqualTo(twice);
    Path where = work.resolve("where.txt");
    relayq.client.downloadOutput(id, "where.txt", where);
    Path jobDir = Path.of(Files.readString(where).strip());
    assertThat(jobDir.getFileName().toString()).isEqualTo(id + "-1");
    assertThat(jobDir).as("removed after the attempt").doesNotExist();
  }

  @Test
  void theFluentClientSendsFilesAndCollectsOutputs() throws IOException {
    Path local = Files.writeString(work.resolve("in.txt"), "abc\n");

    String id = io.relayq.client.Relayq.of(relayq.client).job("tr a-z A-Z < in.txt > out.txt")
        .file(local).collect("out.txt").submit().id();

    assertThat(awaitEnd(id).state()).isEqualTo(JobState.SUCCEEDED);
    Path out = work.resolve("out.txt");
    relayq.client.downloadOutput(id, "out.txt", out);
    assertThat(Files.readString(out)).isEqualTo("ABC\n");
  }

  private JobView awaitEnd(String id) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> relayq.client.job(id), j -> j.state().isTerminal());
  }
}
