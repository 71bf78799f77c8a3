package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relayq.client.ApiErrorException;
import io.relayq.client.RelayqClient;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobList;
import io.relayq.core.api.JobView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6: the disk under the SQLite file fills up, then turns read-only. Submits must get 503
 * {@code store_unavailable} with a message that says what is wrong and the coordinator must stay
 * up. Once space is freed it takes submits again by itself. A file system the kernel turned
 * read-only after an error stays so until it is unmounted and checked, which open files prevent:
 * there the coordinator is stopped, the disk repaired and the coordinator started again. Nothing
 * may be half-written: the store holds exactly the jobs that got a 2xx, and they all run.
 *
 * <p>The disk is a real ext4 file system of 16 MB on a loop device, mounted for the test (needs
 * root and a container that may use loop devices); where that is not allowed the test is skipped
 * and says so.
 */
@Tag("chaos")
class StoreFaultIT {
  @RegisterExtension final LogsOnFailure logs = new LogsOnFailure();
  @TempDir Path dir;
  private SmallDisk disk;
  private CoordinatorNode coordinator;
  private WorkerNode worker;
  private RelayqClient client;
  private final List<String> accepted = new ArrayList<>();
  private int refused;

  @BeforeEach
  void start() {
    disk = SmallDisk.mount(dir, 16);
    Assumptions.assumeTrue(disk != null, "mounting a loop file system is not allowed here (needs root in a"
        + " container that may use loop devices); the disk-full and read-only store faults were not exercised");
    coordinator = CoordinatorNode.start(dir, disk.dir());
    logs.watch(coordinator::jvm);
    client = RelayqClient.connect(coordinator.url(), coordinator.adminToken());
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    if (client != null) {
      client.close();
    }
    if (coordinator != null) {
      coordinator.close();
    }
    if (disk != null) {
      disk.close();
    }
  }

  private void submitOk(String key) {
    accepted.add(client.submit(JobSubmission.builder().command("echo " + key).key(key).build()).job().id());
  }

  /**
   * Submits until the store refuses: pages already allocated to the database and its log may
   * still take a few jobs after the disk filled up. Those are real jobs and count as accepted.
   */
  private void submitUntilRefused(String keyPrefix, String... messageHints) {
    for (int i = 0; i < 5000; i++) {
      String key = keyPrefix + "-" + i;
      try {
        submitOk(key);
      } catch (ApiErrorException e) {
        assertRefusal(e, messageHints);
        refused++;
        return;
      }
    }
    throw new AssertionError("5000 submits were taken on a disk that is full");
  }

  private static void assertRefusal(ApiErrorException e, String... messageHints) {
    assertThat(e.status()).as(e.getMessage()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("store_unavailable");
    assertThat(e.getMessage()).containsAnyOf(messageHints);
  }

  private void assertSubmitRefused(String key, String... messageHints) {
    assertThatThrownBy(() -> client.submit(JobSubmission.builder().command("echo " + key).key(key).build()))
        .isInstanceOfSatisfying(ApiErrorException.class, e -> assertRefusal(e, messageHints));
    refused++;
  }

  /** Submits until one is taken (the store may need a moment to notice the space is back). */
  private Duration awaitSubmitsTaken(String keyPrefix) {
    Instant from = Instant.now();
    int[] n = {0};
    await("submits taken again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
      String key = keyPrefix + "-" + n[0]++;
      try {
        submitOk(key);
        return true;
      } catch (ApiErrorException e) {
        assertThat(e.status()).as(e.getMessage()).isEqualTo(503);
        refused++;
        return false;
      }
    });
    return Duration.between(from, Instant.now());
  }

  @Test
  void aFullOrReadOnlyDiskRefusesSubmitsWith503AndTheCoordinatorRecovers() throws Exception {
    for (int i = 0; i < 10; i++) {
      submitOk("before-" + i);
    }

    Path filler = disk.fill();
    submitUntilRefused("filling", "full");
    for (int i = 0; i < 5; i++) {
      assertSubmitRefused("while-full-" + i, "full");
    }
    client.health();
    assertThat(client.job(accepted.getFirst()).state()).as("reads still work").isEqualTo(JobState.QUEUED);
    Files.delete(filler);
    Duration afterSpace = awaitSubmitsTaken("after-full");

    disk.failReadOnly();
    submitUntilRefused("turning-read-only", "readonly", "read-only", "I/O error");
    for (int i = 0; i < 5; i++) {
      assertSubmitRefused("while-read-only-" + i, "readonly", "read-only", "I/O error");
    }
    client.health();
    assertThat(coordinator.jvm().isAlive()).isTrue();
    coordinator.stop();
    disk.repair();
    Instant restart = Instant.now();
    coordinator.restart();
    Duration afterWritable = Duration.between(restart, Instant.now()).plus(awaitSubmitsTaken("after-read-only"));
    for (int i = 0; i < 10; i++) {
      submitOk("at-the-end-" + i);
    }

    assertThat(allJobIds()).as("exactly the jobs that got a 2xx, nothing half-written")
        .containsExactlyInAnyOrderElementsOf(accepted);
    worker = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "w", "--slots", "4");
    logs.watch(worker::jvm);
    for (String id : accepted) {
      JobView done = await().atMost(Duration.ofSeconds(30)).until(() -> client.job(id), j -> j.state().isTerminal());
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    }
    assertThat(coordinator.jvm().isAlive()).isTrue();
    Figures.record("6 store faults (ext4 16 MB)", "submits refused 503 / accepted / half-written", refused + " / "
        + accepted.size() + " / 0");
    Figures.record("6 store faults (ext4 16 MB)", "space freed to submit taken (no restart) / repaired disk:"
        + " coordinator start to submit taken", Figures.seconds(afterSpace) + " / " + Figures.seconds(afterWritable));
  }

  private List<String> allJobIds() {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JobList page = client.jobs(null, null, null, 1000, cursor);
      page.jobs().forEach(j -> ids.add(j.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return ids;
  }
}
