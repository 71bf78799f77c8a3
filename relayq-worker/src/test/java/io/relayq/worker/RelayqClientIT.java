package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.client.BadRequestException;
import io.relayq.client.ConflictException;
import io.relayq.client.NotFoundException;
import io.relayq.client.RelayqClient;
import io.relayq.client.Submitted;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobList;
import io.relayq.core.api.JobView;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-side client against a real coordinator with no worker: jobs stay queued. */
class RelayqClientIT {
  @TempDir Path dataDir;
  private CoordinatorFixture relayq;
  private RelayqClient client;

  @BeforeEach
  void start() {
    relayq = CoordinatorFixture.start(dataDir);
    client = relayq.client;
  }

  @AfterEach
  void stop() {
    relayq.close();
  }

  @Test
  void aSubmittedJobCanBeReadBack() {
    Submitted s = client.submit(JobSubmission.ofCommand("echo hi"));

    assertThat(s.created()).isTrue();
    JobView job = client.job(s.job().id());
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.command()).isEqualTo("echo hi");
    assertThat(job.waiting()).isNotBlank();
  }

  @Test
  void theSameKeyAndSpecReturnTheExistingJob() {
    Submitted first = client.submit(Submissions.command("echo once").key("k1").build());
    Submitted again = client.submit(Submissions.command("echo once").key("k1").build());

    assertThat(again.created()).isFalse();
    assertThat(again.job().id()).isEqualTo(first.job().id());
  }

  @Test
  void theSameKeyWithAnotherSpecIsAKeyConflict() {
    client.submit(Submissions.command("echo once").key("k1").build());

    assertThatThrownBy(() -> client.submit(Submissions.command("echo other").key("k1").build()))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.isKeyConflict()).isTrue());
  }

  @Test
  void anInvalidSubmissionIsRefusedNamingTheField() {
    assertThatThrownBy(() -> client.submit(Submissions.command("true").lease("soon").build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("lease");
  }

  @Test
  void anUnknownJobIsNotFound() {
    assertThatThrownBy(() -> client.job("j_0000000000000000")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aQueuedJobIsCancelledAtOnceAndCannotBeCancelledTwice() {
    String id = client.submit(JobSubmission.ofCommand("sleep 1")).job().id();

    assertThat(client.cancel(id).state()).isEqualTo(JobState.CANCELLED);
    assertThatThrownBy(() -> client.cancel(id))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.isAlreadyFinished()).isTrue());
  }

  @Test
  void jobsAreListedNewestFirstAndFilteredByState() {
    String older = client.submit(JobSubmission.ofCommand("echo 1")).job().id();
    String newer = client.submit(JobSubmission.ofCommand("echo 2")).job().id();
    String cancelled = client.submit(JobSubmission.ofCommand("echo 3")).job().id();
    client.cancel(cancelled);

    JobList queued = client.jobs(JobState.QUEUED, null, null, 0, null);
    assertThat(queued.jobs()).extracting(JobView::id).containsExactly(newer, older);

    JobList page = client.jobs(null, null, null, 1, null);
    assertThat(page.jobs()).extracting(JobView::id).containsExactly(cancelled);
    assertThat(client.jobs(null, null, null, 1, page.nextCursor()).jobs()).extracting(JobView::id).containsExactly(newer);
  }

  @Test
  void healthAnswersAndNoWorkerIsKnownYet() {
    client.health();

    assertThat(client.workers().workers()).isEmpty();
  }
}
