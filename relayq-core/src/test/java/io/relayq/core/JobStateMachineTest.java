package io.relayq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobStateMachineTest {
  private static final RetryFacts FIRST_OF_THREE = new RetryFacts(1, 3, Set.of(75), false);
  private static final RetryFacts LAST_OF_THREE = new RetryFacts(3, 3, Set.of(75), false);
  private static final RetryFacts CANCELLING = new RetryFacts(1, 3, Set.of(75), true);

  private static final List<JobEvent> ALL_EVENTS = List.of(
      JobEvent.LEASED, new JobEvent.Exited(0), new JobEvent.Exited(1), new JobEvent.Exited(75),
      JobEvent.TIMED_OUT, new JobEvent.StartFailed("no such dir"), JobEvent.CANCEL_REQUESTED,
      JobEvent.KILLED_ON_CANCEL, JobEvent.LEASE_LOST, JobEvent.RELEASED, new JobEvent.DependencyFailed("j_0000000000000000"));

  private static Transition apply(JobState from, JobEvent e, RetryFacts f) {
    return JobStateMachine.apply(from, e, f);
  }

  @Test
  void terminalStatesAcceptNoEventAtAll() {
    for (JobState terminal : EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)) {
      for (JobEvent e : ALL_EVENTS) {
        assertThatThrownBy(() -> apply(terminal, e, FIRST_OF_THREE))
            .isInstanceOf(IllegalTransitionException.class)
            .hasMessageContaining(terminal.wireName());
      }
    }
  }

  @Test
  void queuedJobCanOnlyBeLeasedCancelledOrFailedByItsDependency() {
    assertThat(apply(JobState.QUEUED, JobEvent.LEASED, FIRST_OF_THREE).to()).isEqualTo(JobState.RUNNING);
    Transition cancel = apply(JobState.QUEUED, JobEvent.CANCEL_REQUESTED, FIRST_OF_THREE);
    assertThat(cancel.to()).isEqualTo(JobState.CANCELLED);
    assertThat(cancel.reason()).isEqualTo(EndReason.CANCELLED);
    for (JobEvent e : ALL_EVENTS) {
      if (e == JobEvent.LEASED || e == JobEvent.CANCEL_REQUESTED || e instanceof JobEvent.DependencyFailed) {
        continue;
      }
      assertThatThrownBy(() -> apply(JobState.QUEUED, e, FIRST_OF_THREE))
          .isInstanceOf(IllegalTransitionException.class);
    }
  }

  @Test
  void aFailedDependencyFailsAQueuedJobWithoutAnAttempt() {
    Transition t = apply(JobState.QUEUED, new JobEvent.DependencyFailed("j_0000000000000000"), FIRST_OF_THREE);
    assertThat(t.to()).isEqualTo(JobState.FAILED);
    assertThat(t.reason()).isEqualTo(EndReason.DEPENDENCY_FAILED);
    assertThat(t.retry()).isFalse();
    assertThat(t.exitCode()).isNull();
  }

  @Test
  void aRunningJobCannotFailByADependency() {
    assertThatThrownBy(() -> apply(JobState.RUNNING, new JobEvent.DependencyFailed("j_0000000000000000"), FIRST_OF_THREE))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void leasingARunningJobAgainIsRefused() {
    assertThatThrownBy(() -> apply(JobState.RUNNING, JobEvent.LEASED, FIRST_OF_THREE))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void exitZeroSucceeds() {
    Transition t = apply(JobState.RUNNING, new JobEvent.Exited(0), FIRST_OF_THREE);
    assertThat(t.to()).isEqualTo(JobState.SUCCEEDED);
    assertThat(t.exitCode()).isZero();
    assertThat(t.retry()).isFalse();
  }

  @Test
  void ordinaryFailureIsFinalEvenWithAttemptsLeft() {
    Transition t = apply(JobState.RUNNING, new JobEvent.Exited(1), FIRST_OF_THREE);
    assertThat(t.to()).isEqualTo(JobState.FAILED);
    assertThat(t.reason()).isEqualTo(EndReason.EXIT);
    assertThat(t.exitCode()).isEqualTo(1);
  }

  @Test
  void retryExitCodeRequeuesWhileAttemptsAreLeft() {
    Transition t = apply(JobState.RUNNING, new JobEvent.Exited(75), FIRST_OF_THREE);
    assertThat(t.to()).isEqualTo(JobState.QUEUED);
    assertThat(t.retry()).isTrue();
    assertThat(apply(JobState.RUNNING, new JobEvent.Exited(75), LAST_OF_THREE).to()).isEqualTo(JobState.FAILED);
  }

  @Test
  void timeoutAndStartFailureAreFinal() {
    assertThat(apply(JobState.RUNNING, JobEvent.TIMED_OUT, FIRST_OF_THREE))
        .extracting(Transition::to, Transition::reason)
        .containsExactly(JobState.FAILED, EndReason.TIMEOUT);
    assertThat(apply(JobState.RUNNING, new JobEvent.StartFailed("x"), FIRST_OF_THREE))
        .extracting(Transition::to, Transition::reason)
        .containsExactly(JobState.FAILED, EndReason.START_FAILED);
  }

  @Test
  void lostLeaseRequeuesWithAttemptsLeftAndFailsAsLostWithout() {
    Transition requeue = apply(JobState.RUNNING, JobEvent.LEASE_LOST, FIRST_OF_THREE);
    assertThat(requeue.to()).isEqualTo(JobState.QUEUED);
    assertThat(requeue.reason()).isEqualTo(EndReason.LOST);
    Transition fail = apply(JobState.RUNNING, JobEvent.LEASE_LOST, LAST_OF_THREE);
    assertThat(fail.to()).isEqualTo(JobState.FAILED);
    assertThat(fail.reason()).isEqualTo(EndReason.LOST);
  }

  @Test
  void cancelRequestKeepsARunningJobRunningUntilItsWorkerKillsIt() {
    Transition request = apply(JobState.RUNNING, JobEvent.CANCEL_REQUESTED, FIRST_OF_THREE);
    assertThat(request.to()).isEqualTo(JobState.RUNNING);
    assertThat(request.cancelRequested()).isTrue();
    assertThat(request.endsAttempt()).isFalse();
    assertThat(apply(JobState.RUNNING, JobEvent.KILLED_ON_CANCEL, CANCELLING).to()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void aCancelledJobIsNeverRetried() {
    assertThat(apply(JobState.RUNNING, new JobEvent.Exited(75), CANCELLING).to()).isEqualTo(JobState.CANCELLED);
    assertThat(apply(JobState.RUNNING, JobEvent.LEASE_LOST, CANCELLING).to()).isEqualTo(JobState.CANCELLED);
    assertThat(apply(JobState.RUNNING, JobEvent.RELEASED, CANCELLING).to()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void aJobThatSucceededWhileBeingCancelledStillSucceeded() {
    assertThat(apply(JobState.RUNNING, new JobEvent.Exited(0), CANCELLING).to()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void releasedJobGoesBackToTheQueueEvenOnItsLastAttempt() {
    Transition t = apply(JobState.RUNNING, JobEvent.RELEASED, LAST_OF_THREE);
    assertThat(t.to()).isEqualTo(JobState.QUEUED);
    assertThat(t.reason()).isEqualTo(EndReason.RELEASED);
  }

  @Test
  void everyStateAndEventHasADefinedAnswer() {
    for (JobState s : JobState.values()) {
      for (JobEvent e : ALL_EVENTS) {
        for (RetryFacts f : List.of(FIRST_OF_THREE, LAST_OF_THREE, CANCELLING)) {
          try {
            Transition t = apply(s, e, f);
            assertThat(t.from()).isEqualTo(s);
            assertThat(t.to()).isNotNull();
            assertThat(t.to().isTerminal() || t.to() == JobState.QUEUED || t.to() == JobState.RUNNING).isTrue();
          } catch (IllegalTransitionException expected) {
            assertThat(expected.from()).isEqualTo(s);
          }
        }
      }
    }
  }
}
