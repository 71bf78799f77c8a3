package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk spool against a real coordinator that goes down and comes back on the same port over
 * the same SQLite file: what a worker finished while it was away is delivered, by the same run or
 * by the next start of the worker, and nothing runs twice.
 */
class WorkerSpoolIT {
  @TempDir Path dataDir;
  @TempDir Path stateDir;
  @TempDir Path work;
  private CoordinatorFixture relayq;
  private final List<WorkerAgent> agents = new ArrayList<>();

  @BeforeEach
  void startCoordinator() {
    relayq = CoordinatorFixture.start(dataDir);
  }

  @AfterEach
  void stopAll() {
    agents.forEach(WorkerAgent::close);
    relayq.close();
  }

  private WorkerConfig config() {
    return WorkerConfig.defaults(relayq.url()).withLoadLimits(LoadLimits.OFF).withToken(relayq.workerToken).withName("w1").withStateDir(stateDir).withSlots(2)
        .withKillGrace(Duration.ofMillis(300)).withPollWait(Duration.ofMillis(500));
  }

  private WorkerAgent startAgent() {
    WorkerAgent agent = WorkerAgent.start(config());
    agents.add(agent);
    return agent;
  }

  /** A job that notes each run, waits for the file {@code go}, then prints {@code output}. */
  private String submitGatedJob(String output) {
    return submitGatedJob(output, "10s");
  }

  private String submitGatedJob(String output, String lease) {
    String command = "echo $RELAYQ_ATTEMPT >> runs; while [ ! -f go ]; do sleep 0.05; done; " + output;
    return relayq.client.submit(Submissions.command(command).cwd(work).lease(lease).retryBackoff("0s").build())
        .job().id();
  }

  private void awaitRunning() {
    await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(work.resolve("runs")));
  }

  private void letTheJobFinish() throws IOException {
    Files.createFile(work.resolve("go"));
  }

  private JobView awaitState(String id, JobState state) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> relayq.client.job(id), j -> j.state() == state);
  }

  private Path spoolRoot() {
    return WorkerSpool.workerDir(stateDir, "w1");
  }

  /** Bytes in the result journals of every run of the worker. */
  private long journalBytes() {
    try (Stream<Path> s = Files.walk(spoolRoot())) {
      return s.filter(p -> p.getFileName().toString().startsWith("results-")).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long filesUnderSpool() throws IOException {
    if (!Files.exists(spoolRoot())) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(spoolRoot())) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private List<String> runs() throws IOException {
    return Files.readAllLines(work.resolve("runs"));
  }

  @Test
  void aResultFinishedWhileTheCoordinatorIsDownIsDeliveredWhenItComesBack() throws Exception {
    WorkerAgent agent = startAgent();
    String id = submitGatedJob("echo done");
    awaitRunning();

    relayq.stopServing();
    letTheJobFinish();
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.runningJobs() == 0 && journalBytes() > 0);
    relayq.startServingAgain();

    JobView done = awaitState(id, JobState.SUCCEEDED);
    assertThat(done.attempts()).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo(EndReason.EXIT));
    assertThat(relayq.client.output(id, 1, OutputChannel.STDOUT)).asString().isEqualTo("done\n");
    assertThat(runs()).containsExactly("1");
  }

  @Test
  void outputWrittenDuringAnOutageIsDeliveredByteExactOnReconnect() throws Exception {
    byte[] blob = new byte[3 * 1024 * 1024 + 17];
    new Random(11).nextBytes(blob);
    Files.write(work.resolve("blob"), blob);
    WorkerAgent agent = startAgent();
    String id = submitGatedJob("cat blob");
    awaitRunning();

    relayq.stopServing();
    letTheJobFinish();
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.runningJobs() == 0 && journalBytes() > 0);
    relayq.startServingAgain();

    awaitState(id, JobState.SUCCEEDED);
    assertThat(relayq.client.output(id, 1, OutputChannel.STDOUT)).isEqualTo(blob);
    await().atMost(Duration.ofSeconds(5)).until(() -> filesUnderSpool() <= 2);
  }

  @Test
  void aWorkerRestartedAfterAnOutageDeliversWhatItsPreviousRunSpooled() throws Exception {
    WorkerAgent first = startAgent();
    String id = submitGatedJob("echo from-first-run");
    awaitRunning();
    relayq.stopServing();
    letTheJobFinish();
    await().atMost(Duration.ofSeconds(10)).until(() -> first.runningJobs() == 0 && journalBytes() > 0);

    first.close();
    relayq.startServingAgain();
    startAgent();

    JobView done = awaitState(id, JobState.SUCCEEDED);
    assertThat(done.attempts()).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo(EndReason.EXIT));
    assertThat(relayq.client.output(id, 1, OutputChannel.STDOUT)).asString().isEqualTo("from-first-run\n");
    assertThat(runs()).containsExactly("1");
    assertThat(runSpools()).as("only the running worker's own spool is left").isEqualTo(1);
  }

  private long runSpools() throws IOException {
    try (Stream<Path> s = Files.list(spoolRoot())) {
      return s.filter(Files::isDirectory).count();
    }
  }

  @Test
  void aSpooledResultTheCoordinatorNoLongerWantsIsDroppedAndTheJobRunsAgain() throws Exception {
    WorkerAgent first = startAgent();
    String id = submitGatedJob("echo run-$RELAYQ_ATTEMPT", "2s");
    awaitRunning();
    relayq.stopServing();
    letTheJobFinish();
    await().atMost(Duration.ofSeconds(10)).until(() -> first.runningJobs() == 0 && journalBytes() > 0);
    first.close();
    relayq.startServingAgain();
    // nobody renews the lease now: the reaper takes attempt 1 back once its 2 s are over
    awaitState(id, JobState.QUEUED);

    startAgent();

    JobView done = awaitState(id, JobState.SUCCEEDED);
    assertThat(done.attempts()).extracting(a -> a.reason()).containsExactly(EndReason.LOST, EndReason.EXIT);
    assertThat(relayq.client.output(id, 2, OutputChannel.STDOUT)).asString().isEqualTo("run-2\n");
    assertThat(relayq.client.output(id, 1, OutputChannel.STDOUT)).isEmpty();
    assertThat(runs()).containsExactly("1", "2");
    assertThat(runSpools()).as("the refused result was dropped with its spool").isEqualTo(1);
  }

  @Test
  void aWorkerThatStopsWithEverythingDeliveredLeavesNoSpool() throws Exception {
    WorkerAgent agent = startAgent();
    String id = submitGatedJob("echo ok");
    letTheJobFinish();
    awaitState(id, JobState.SUCCEEDED);

    agent.close();

    assertThat(filesUnderSpool()).isZero();
  }
}
