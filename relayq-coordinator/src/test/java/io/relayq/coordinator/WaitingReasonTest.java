package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.core.Job;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.WorkerLoad;
import io.relayq.core.WorkerRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitingReasonTest {
  private static final Instant NOW = Instant.parse("2026-12-01T02:56:00Z");
  private static final Duration OFFLINE_AFTER = Duration.ofSeconds(20);
  private final WaitingReason reason = new WaitingReason(OFFLINE_AFTER, () -> URI.create("http://127.0.0.1:8750"));

  @Test
  void aJobScheduledForLaterSaysWhen() {
    Job job = queued(submission("{}"), Instant.parse("2026-12-01T03:00:00Z"));

    assertThat(reason.explain(job, List.of(), NOW)).isEqualTo("scheduled for 2026-12-01T03:00:00Z (in 4m)");
  }

  @Test
  void withNoWorkerOnlineItSaysHowToStartOne() {
    assertThat(reason.explain(queued(submission("{}"), NOW), List.of(worker("old", List.of(), 2, 0, NOW.minusSeconds(60))),
        NOW)).isEqualTo("no worker is online — start one with: relayq worker --server http://127.0.0.1:8750");
  }

  @Test
  void aMissingLabelNamesTheOnlineWorkers() {
    List<WorkerRecord> workers = List.of(worker("a", List.of("os:linux"), 2, 0, NOW), worker("b", List.of(), 2, 0, NOW));

    assertThat(reason.explain(queued(submission("{\"labels\":[\"gpu\"]}"), NOW), workers, NOW))
        .isEqualTo("no online worker has label gpu (2 workers online: a, b)");
  }

  @Test
  void busyMatchingWorkersAreCountedBySlots() {
    List<WorkerRecord> workers = List.of(worker("a", List.of("gpu"), 2, 2, NOW), worker("b", List.of("gpu"), 2, 2, NOW),
        worker("c", List.of(), 4, 0, NOW));

    assertThat(reason.explain(queued(submission("{\"labels\":[\"gpu\"]}"), NOW), workers, NOW))
        .isEqualTo("all 2 matching workers are busy (4 of 4 slots used)");
  }

  @Test
  void aTargetWorkerThatIsOfflineOrUnknownIsNamed() {
    Job job = queued(submission("{\"worker\":\"rpi4\"}"), NOW);

    assertThat(reason.explain(job, List.of(), NOW)).isEqualTo("no worker named rpi4 has registered");
    assertThat(reason.explain(job, List.of(worker("rpi4", List.of(), 1, 0, NOW.minusSeconds(180))), NOW))
        .isEqualTo("target worker rpi4 is offline (last seen 3m ago)");
  }

  @Test
  void aJobAWorkerCanTakeIsWaitingToBePickedUp() {
    assertThat(reason.explain(queued(submission("{}"), NOW), List.of(worker("a", List.of(), 2, 1, NOW)), NOW))
        .isEqualTo("waiting to be picked up");
  }

  @Test
  void matchingWorkersAboveTheirLoadLimitsAreNamedWithWhy() {
    WorkerRecord pi = paused(worker("pi", List.of("light"), 2, 0, NOW), "above its CPU threshold (load 95%, threshold 80%)");
    List<WorkerRecord> workers = List.of(pi, worker("mini", List.of("light"), 1, 1, NOW));

    assertThat(reason.explain(queued(submission("{\"labels\":[\"light\"]}"), NOW), workers, NOW))
        .isEqualTo("matching worker pi is above its CPU threshold (load 95%, threshold 80%); it resumes by itself");
    assertThat(reason.explain(queued(submission("{\"worker\":\"pi\"}"), NOW), workers, NOW))
        .isEqualTo("target worker pi is above its CPU threshold (load 95%, threshold 80%); it resumes by itself");
  }

  @Test
  void aPausedWorkerDoesNotHideAnotherWithAFreeSlot() {
    List<WorkerRecord> workers = List.of(paused(worker("pi", List.of(), 2, 0, NOW), "above its CPU threshold"),
        worker("mini", List.of(), 2, 0, NOW));

    assertThat(reason.explain(queued(submission("{}"), NOW), workers, NOW)).isEqualTo("waiting to be picked up");
  }

  @Test
  void onlyQueuedJobsWait() {
    Job queued = queued(submission("{}"), NOW);
    Job running = new Job(queued.id(), queued.spec(), null, JobState.RUNNING, 1, false, "a", NOW, NOW, NOW, null,
        NOW.plusSeconds(15), null, null, null, null, null);

    assertThat(reason.explain(running, List.of(), NOW)).isNull();
  }

  private static JobSubmission submission(String extra) {
    try {
      var node = (com.fasterxml.jackson.databind.node.ObjectNode) io.relayq.core.Json.mapper().readTree(extra);
      node.put("command", "true");
      return io.relayq.core.Json.mapper().treeToValue(node, JobSubmission.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Job queued(JobSubmission s, Instant runAt) {
    return new Job("j_0000000000000001", JobSpecValidator.validate(s), null, JobState.QUEUED, 0, false, null,
        NOW, runAt, null, null, null, null, null, null, null, null);
  }

  private static WorkerRecord paused(WorkerRecord w, String why) {
    return new WorkerRecord(w.name(), w.workerId(), w.incarnation(), w.labels(), w.slots(), w.running(), w.version(),
        w.host(), w.registeredAt(), w.lastPollAt(), w.lastHeartbeatAt(), w.draining(), w.stoppedAt(), w.tokenName(),
        new WorkerLoad(95.0, null, why));
  }

  private static WorkerRecord worker(String name, List<String> labels, int slots, int running, Instant lastSeen) {
    return new WorkerRecord(name, "id-" + name, "inc-1", labels, slots, running, "0.1.0", name + ".local",
        lastSeen.minusSeconds(600), lastSeen, lastSeen, false, null, null, null);
  }
}
