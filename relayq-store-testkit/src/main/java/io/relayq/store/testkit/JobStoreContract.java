package io.relayq.store.testkit;

import static io.relayq.store.testkit.Jobs.aJob;
import static io.relayq.store.testkit.Workers.aWorker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.Job;
import io.relayq.core.JobIds;
import io.relayq.core.JobEvent;
import io.relayq.core.JobState;
import io.relayq.core.OutputChannel;
import io.relayq.core.RecordedEvent;
import io.relayq.core.TemplateUse;
import io.relayq.core.WorkerLoad;
import io.relayq.core.WorkerRecord;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import io.relayq.core.schedule.CatchUp;
import io.relayq.core.schedule.FirePlan;
import io.relayq.core.schedule.Schedule;
import io.relayq.store.CancelResult;
import io.relayq.store.ClaimRequest;
import io.relayq.store.Fenced;
import io.relayq.store.FinishRequest;
import io.relayq.store.FinishResult;
import io.relayq.store.FireResult;
import io.relayq.store.JobPage;
import io.relayq.store.JobQuery;
import io.relayq.store.JobStore;
import io.relayq.store.NewJob;
import io.relayq.store.QueueStats;
import io.relayq.store.RegisterResult;
import io.relayq.store.RenewResult;
import io.relayq.store.ScheduleFire;
import io.relayq.store.StoredChunk;
import io.relayq.store.SubmitResult;
import io.relayq.store.WorkerNameTakenException;
import io.relayq.store.NewToken;
import io.relayq.store.TokenNameTakenException;
import io.relayq.store.WorkerNameOwnedException;
import io.relayq.store.TokenRecord;
import io.relayq.core.auth.ApiTokens;
import io.relayq.core.auth.TokenHash;
import io.relayq.core.auth.TokenRole;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JobStore} driver must have. A driver's test extends this class and
 * says how to open a fresh, empty store; every rule below then runs against it.
 *
 * <p>Time is a fake timeline: the test moves {@link #now} and passes it in every request, so no test
 * sleeps and lease expiry, delays and backoff are exact to the millisecond.
 */
public abstract class JobStoreContract {
  private static final Duration LIVE_WITHIN = Duration.ofSeconds(30);
  private static final int ALL_BYTES = Integer.MAX_VALUE;

  /** The store under test: a fresh one for every test. */
  protected JobStore store;
  /** The current moment of the fake timeline. */
  protected Instant now;

  /** Opens a new, empty store. Called once before each test; the contract closes it. */
  protected abstract JobStore newStore();

  /**
   * Opens another store over the data of the store {@link #newStore()} returned last, after the
   * contract closed that one. Drivers that can do so override this, so the contract checks that a
   * submit is durable; by default the test that needs it is skipped.
   */
  protected JobStore reopen() {
    Assumptions.abort("this driver cannot reopen its data; durability is not checked by the contract");
    return null;
  }

  @BeforeEach
  void openFreshStore() {
    now = Jobs.T0;
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  protected void advance(Duration d) {
    now = now.plus(d);
  }

  protected Job submit(JobBuilder job) {
    SubmitResult result = store.submit(job.at(now).build());
    assertThat(result.status()).isEqualTo(SubmitResult.Status.CREATED);
    return result.job();
  }

  protected Job submit() {
    return submit(aJob());
  }

  /**
   * Claims as {@code worker}'s current incarnation; a worker the store does not know yet is
   * registered first (incarnation {@code inc-1}), as a worker's hello precedes its polls.
   */
  protected List<Job> claim(String worker, int limit, String... labels) {
    return claimAs(worker, currentIncarnation(worker), limit, labels);
  }

  protected List<Job> claimAs(String worker, String incarnation, int limit, String... labels) {
    return store.claim(new ClaimRequest(worker, incarnation, List.of(labels), limit, now));
  }

  private String currentIncarnation(String worker) {
    return store.listWorkers().stream().filter(w -> w.name().equals(worker)).findFirst()
        .map(WorkerRecord::incarnation)
        .orElseGet(() -> store.registerWorker(aWorker(worker).at(now).build(), LIVE_WITHIN).worker().incarnation());
  }

  protected Job claimOne(String worker, String... labels) {
    List<Job> jobs = claim(worker, 1, labels);
    assertThat(jobs).as("jobs claimed by %s", worker).hasSize(1);
    return jobs.get(0);
  }

  /** Submits a job and has {@code worker} claim it. */
  protected Job running(JobBuilder job, String worker) {
    Job submitted = submit(job);
    Job claimed = claimOne(worker);
    assertThat(claimed.id()).isEqualTo(submitted.id());
    return claimed;
  }

  protected FinishResult finish(Job running, JobEvent event, OutputChunk... output) {
    return store.finish(new FinishRequest(
        running.id(), running.attempt(), running.worker(), event, null, List.of(output), now));
  }

  protected Job job(String id) {
    return store.findJob(id).orElseThrow(() -> new AssertionError("no job " + id + " in the store"));
  }

  protected static OutputChunk stdout(long offset, String text) {
    return new OutputChunk(OutputChannel.STDOUT, offset, bytes(text));
  }

  protected static OutputChunk stderr(long offset, String text) {
    return new OutputChunk(OutputChannel.STDERR, offset, bytes(text));
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  protected Fenced append(Job running, OutputChunk chunk) {
    return store.appendOutput(running.id(), running.attempt(), chunk.stream(), chunk.offset(), chunk.data(), now);
  }

  /** The whole stored text of one stream of one attempt. */
  protected String output(String jobId, int attempt, OutputChannel stream) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StoredChunk c : store.readOutput(jobId, attempt, 0, ALL_BYTES)) {
      if (c.stream() == stream) {
        out.writeBytes(c.data());
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  protected List<String> eventTypes(String jobId) {
    return store.events(jobId).stream().map(RecordedEvent::type).toList();
  }

  protected static List<String> ids(List<Job> jobs) {
    return jobs.stream().map(Job::id).toList();
  }

  /** Lets the job's lease run out and the reaper re-queue (or fail) it. */
  protected Job expire(Job running) {
    now = running.leaseExpiresAt().plusMillis(1);
    List<Job> moved = store.expireLeases(now, 100);
    assertThat(ids(moved)).contains(running.id());
    return job(running.id());
  }

  protected WorkerRecord worker(String name) {
    return store.listWorkers().stream().filter(w -> w.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no worker " + name + " in the store"));
  }

  /** Runs {@code task} on {@code threads} threads started together; returns each thread's result. */
  protected static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- submit ----------------------------------------------------------------------------------

  @Nested
  class Submit {
    @Test
    void submitCommitsAQueuedJobThatHasNotRunYet() {
      SubmitResult result = store.submit(aJob().at(now).build());

      assertThat(result.status()).isEqualTo(SubmitResult.Status.CREATED);
      Job job = result.job();
      assertThat(job.state()).isEqualTo(JobState.QUEUED);
      assertThat(job.attempt()).isZero();
      assertThat(job.createdAt()).isEqualTo(now);
      assertThat(job.runAt()).isEqualTo(now);
      assertThat(job.worker()).isNull();
      assertThat(job.startedAt()).isNull();
      assertThat(job.finishedAt()).isNull();
      assertThat(job.leaseExpiresAt()).isNull();
      assertThat(job.cancelRequested()).isFalse();
      assertThat(store.findJob(job.id())).contains(job);
    }

    @Test
    void theSpecIsStoredExactlyAsSubmitted() {
      var newJob = aJob().withArgv("ffmpeg", "-i", "in put.mov", "out.mp4").withEnv("LANG", "C")
          .withCwd("/srv/media").withStdin("line\n").onWorker("mini").withLabels("os:linux", "has:ffmpeg")
          .withPriority(7).withTimeout(Duration.ofMinutes(30)).withLease(Duration.ofMinutes(2)).withRetries(4)
          .withRetryBackoff(Duration.ofMillis(1500)).withRetryExitCodes(75, 99).withMetadata("ticket", "OPS-12")
          .withKey("transcode-12").submittedBy("ci").at(now).build();

      Job job = store.submit(newJob).job();

      assertThat(job.spec()).isEqualTo(newJob.spec());
      assertThat(job.key()).isEqualTo("transcode-12");
      assertThat(job(newJob.id()).spec()).isEqualTo(newJob.spec());
    }

    @Test
    void theTemplateAJobCameFromIsStoredWithItsTypedParameters() {
      TemplateUse use = new TemplateUse("transcode",
          Map.of("input", "a'; rm -rf ~; '.mp4", "crf", 23, "options", List.of("-c:v", "libx264")));
      var newJob = aJob().withArgv("ffmpeg", "-nostdin", "-i", "a'; rm -rf ~; '.mp4", "-c:v", "libx264", "b.mp4")
          .withTemplate(use).withKey("t-1").at(now).build();

      Job job = store.submit(newJob).job();

      assertThat(job(job.id()).spec().template()).isEqualTo(use);
      assertThat(job(job.id()).spec()).isEqualTo(newJob.spec());
    }

    @Test
    void theSameKeyWithTheSameTemplateParametersReturnsTheExistingJob() {
      TemplateUse use = new TemplateUse("thumbnail", Map.of("input", "a.mp4", "at", 5, "sizes", List.of("s", "m")));
      Job first = submit(aJob().withArgv("thumb", "a.mp4").withTemplate(use).withKey("thumb-a"));

      SubmitResult again = store.submit(aJob().withArgv("thumb", "a.mp4").withTemplate(use).withKey("thumb-a")
          .at(now).build());
      SubmitResult other = store.submit(aJob().withArgv("thumb", "a.mp4")
          .withTemplate(new TemplateUse("thumbnail", Map.of("input", "a.mp4", "at", 6, "sizes", List.of("s", "m"))))
          .withKey("thumb-a").at(now).build());

      assertThat(again.status()).isEqualTo(SubmitResult.Status.EXISTING);
      assertThat(again.job().id()).isEqualTo(first.id());
      assertThat(other.status()).isEqualTo(SubmitResult.Status.KEY_CONFLICT);
    }

    @Test
    void aDelayedJobMayStartOnlyAfterItsDelay() {
      Job job = submit(aJob().withDelay(Duration.ofMinutes(10)));

      assertThat(job.runAt()).isEqualTo(now.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aJobWithAStartTimeMayStartOnlyThen() {
      Instant at = now.plus(Duration.ofHours(3));

      assertThat(submit(aJob().withRunAt(at)).runAt()).isEqualTo(at);
    }

    @Test
    void theSameKeyWithTheSameSpecReturnsTheExistingJob() {
      Job first = submit(aJob().withKey("nightly-2030-01-01"));
      advance(Duration.ofSeconds(5));

      SubmitResult again = store.submit(aJob().withKey("nightly-2030-01-01").at(now).build());

      assertThat(again.status()).isEqualTo(SubmitResult.Status.EXISTING);
      assertThat(again.job()).isEqualTo(first);
      assertThat(store.listJobs(JobQuery.all(10)).jobs()).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherSpecIsAConflictAndInsertsNothing() {
      Job first = submit(aJob().withKey("deploy-42").withCommand("make deploy"));

      SubmitResult other = store.submit(aJob().withKey("deploy-42").withCommand("make rollback").at(now).build());

      assertThat(other.status()).isEqualTo(SubmitResult.Status.KEY_CONFLICT);
      assertThat(other.job()).isEqualTo(first);
      assertThat(store.listJobs(JobQuery.all(10)).jobs()).extracting(Job::id).containsExactly(first.id());
    }

    @Test
    void differentKeysMakeDifferentJobs() {
      Job a = submit(aJob().withKey("a"));
      Job b = submit(aJob().withKey("b"));

      assertThat(a.id()).isNotEqualTo(b.id());
      assertThat(store.listJobs(JobQuery.all(10)).jobs()).hasSize(2);
    }

    @Test
    void anUnknownJobIsNotFound() {
      assertThat(store.findJob("j_0000000000000000")).isEmpty();
      assertThat(store.attempts("j_0000000000000000")).isEmpty();
      assertThat(store.events("j_0000000000000000")).isEmpty();
    }

    @Test
    void aSubmittedJobSurvivesClosingAndReopeningTheStore() {
      Job job = submit(aJob().withKey("durable").withLabels("gpu"));
      store.close();
      store = null;

      store = reopen();

      assertThat(store.findJob(job.id())).contains(job);
      assertThat(eventTypes(job.id())).containsExactly("submitted");
      assertThat(ids(claim("w1", 10, "gpu"))).containsExactly(job.id());
    }

    @Test
    void aHealthyStoreAnswersTheHealthCheck() {
      store.checkHealth();
    }
  }

  // ---- claim -----------------------------------------------------------------------------------

  @Nested
  class Claim {
    @Test
    void highestPriorityRunsFirstThenOldest() {
      Job low1 = submit(aJob().withPriority(0));
      Job high1 = submit(aJob().withPriority(5));
      Job low2 = submit(aJob().withPriority(0));
      Job high2 = submit(aJob().withPriority(5));
      Job urgent = submit(aJob().withPriority(100));
      Job background = submit(aJob().withPriority(-3));

      assertThat(ids(claim("w1", 3))).containsExactly(urgent.id(), high1.id(), high2.id());
      assertThat(ids(claim("w1", 1))).containsExactly(low1.id());
      assertThat(ids(claim("w1", 5))).containsExactly(low2.id(), background.id());
    }

    @Test
    void aClaimedJobRunsUnderANewLeaseOfItsTtl() {
      Job submitted = submit(aJob().withLease(Duration.ofSeconds(40)));
      advance(Duration.ofSeconds(3));

      Job job = claimOne("w1");

      assertThat(job.id()).isEqualTo(submitted.id());
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
      assertThat(job.attempt()).isEqualTo(1);
      assertThat(job.worker()).isEqualTo("w1");
      assertThat(job.startedAt()).isEqualTo(now);
      assertThat(job.leaseExpiresAt()).isEqualTo(now.plusSeconds(40));
      assertThat(store.findJob(job.id())).contains(job);
      assertThat(store.attempts(job.id())).containsExactly(
          new Attempt(job.id(), 1, "w1", now, null, null, null, null));
    }

    @Test
    void aJobTargetedAtAnotherWorkerIsLeftForThatWorker() {
      Job job = submit(aJob().onWorker("mini"));

      assertThat(claim("pi", 10)).isEmpty();
      assertThat(ids(claim("mini", 10))).containsExactly(job.id());
    }

    @Test
    void theJobsRequiredLabelsMustAllBeAmongTheWorkersLabels() {
      Job job = submit(aJob().withLabels("gpu", "os:linux"));

      assertThat(claim("w1", 10, "os:linux")).isEmpty();
      assertThat(claim("w1", 10, "gpu")).isEmpty();
      assertThat(claim("w1", 10)).isEmpty();
      assertThat(ids(claim("w1", 10, "has:ffmpeg", "os:linux", "gpu"))).containsExactly(job.id());
    }

    @Test
    void aJobWithoutLabelsRunsOnAnyWorker() {
      Job job = submit();

      assertThat(ids(claim("w1", 10, "gpu", "os:mac"))).containsExactly(job.id());
    }

    @Test
    void aJobScheduledForLaterIsNotClaimedBeforeItsTime() {
      Job later = submit(aJob().withDelay(Duration.ofSeconds(10)));

      assertThat(claim("w1", 10)).isEmpty();
      advance(Duration.ofMillis(9_999));
      assertThat(claim("w1", 10)).isEmpty();
      advance(Duration.ofMillis(1));
      assertThat(ids(claim("w1", 10))).containsExactly(later.id());
    }

    @Test
    void aScheduledHighPriorityJobDoesNotBlockJobsThatMayRunNow() {
      submit(aJob().withPriority(10).withDelay(Duration.ofMinutes(1)));
      Job ready = submit(aJob().withPriority(0));

      assertThat(ids(claim("w1", 1))).containsExactly(ready.id());
    }

    @Test
    void aClaimReturnsAtMostItsLimit() {
      for (int i = 0; i < 5; i++) {
        submit();
      }

      assertThat(claim("w1", 2)).hasSize(2);
      assertThat(claim("w1", 10)).hasSize(3);
      assertThat(claim("w1", 10)).isEmpty();
    }

    @Test
    void aClaimWithLimitZeroTakesNothing() {
      submit();

      assertThat(claim("w1", 0)).isEmpty();
      assertThat(claim("w1", 1)).hasSize(1);
    }

    @Test
    void aClaimedJobIsNotHandedOutAgain() {
      submit();
      claimOne("w1");

      assertThat(claim("w2", 10)).isEmpty();
    }

    @Test
    void concurrentClaimsNeverReturnTheSameJob() throws Exception {
      int jobs = 500;
      for (int i = 0; i < jobs; i++) {
        submit(aJob().withPriority(i % 3));
      }

      List<List<String>> perThread = concurrently(8, () -> {
        String worker = "w-" + Thread.currentThread().threadId();
        List<String> mine = new ArrayList<>();
        List<Job> got;
        while (!(got = claim(worker, 3)).isEmpty()) {
          mine.addAll(ids(got));
        }
        return mine;
      });

      List<String> all = perThread.stream().flatMap(List::stream).toList();
      assertThat(all).hasSize(jobs);
      assertThat(new HashSet<>(all)).hasSize(jobs);
      assertThat(store.listJobs(new JobQuery(JobState.QUEUED, null, null, 10, null)).jobs()).isEmpty();
    }

    @Test
    void aReplacedIncarnationLeasesNothing() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      store.registerWorker(aWorker("mini").withIncarnation("inc-2").at(now).build(), LIVE_WITHIN);
      Job job = submit();

      assertThat(claimAs("mini", "inc-1", 10)).isEmpty();
      assertThat(job(job.id()).state()).isEqualTo(JobState.QUEUED);
      assertThat(store.attempts(job.id())).isEmpty();
      assertThat(ids(claimAs("mini", "inc-2", 10))).containsExactly(job.id());
    }

    @Test
    void aWorkerTheStoreDoesNotKnowLeasesNothing() {
      Job job = submit();

      assertThat(claimAs("ghost", "inc-1", 10)).isEmpty();
      assertThat(job(job.id()).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aDrainingOrStoppedWorkerLeasesNothing() {
      store.registerWorker(aWorker("draining").at(now).build(), LIVE_WITHIN);
      store.registerWorker(aWorker("stopped").at(now).build(), LIVE_WITHIN);
      store.markWorker("draining", "inc-1", true, false, now);
      store.markWorker("stopped", "inc-1", false, true, now);
      submit();

      assertThat(claimAs("draining", "inc-1", 10)).isEmpty();
      assertThat(claimAs("stopped", "inc-1", 10)).isEmpty();

      store.registerWorker(aWorker("draining").withIncarnation("inc-2").at(now).build(), LIVE_WITHIN);
      assertThat(claimAs("draining", "inc-2", 10)).hasSize(1);
    }

    /**
     * A process that keeps claiming while its worker restarts elsewhere (another coordinator took the
     * new start's hello): once the registration returns, nothing is leased to the old incarnation,
     * neither a claim that committed before it (released by it) nor one after (refused).
     */
    @Test
    void claimsRacingARestartLeaveNothingLeasedToTheReplacedIncarnation() throws Exception {
      // a released job comes back queued, so the rounds never run out of work
      for (int i = 0; i < 200; i++) {
        submit(aJob().withRetries(20));
      }
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      for (int restart = 2; restart <= 6; restart++) {
        String old = "inc-" + (restart - 1);
        CountDownLatch leasedOnce = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
          Future<Integer> stale = pool.submit(() -> {
            int leased = 0;
            while (!stop.get()) {
              if (!claimAs("mini", old, 1).isEmpty()) {
                leased++;
                leasedOnce.countDown();
              }
            }
            return leased;
          });
          assertThat(leasedOnce.await(30, TimeUnit.SECONDS)).as("the old incarnation leased before the restart")
              .isTrue();

          store.registerWorker(aWorker("mini").withIncarnation("inc-" + restart).at(now).build(), LIVE_WITHIN);

          assertThat(worker("mini").running()).as("jobs leased to %s right after the restart", old).isZero();
          stop.set(true);
          assertThat(stale.get(30, TimeUnit.SECONDS)).isPositive();
        }
        assertThat(worker("mini").running()).as("jobs leased to %s after its claims stopped", old).isZero();
      }
    }
  }

  // ---- lease -----------------------------------------------------------------------------------

  @Nested
  class Lease {
    @Test
    void renewingExtendsTheLeaseByTheJobsTtlFromNow() {
      Job job = running(aJob().withLease(Duration.ofSeconds(30)), "w1");
      advance(Duration.ofSeconds(10));

      RenewResult result = store.renewLeases("w1", List.of(new LeaseRef(job.id(), 1)), now);

      assertThat(result.renewed()).containsExactly(new LeaseRef(job.id(), 1));
      assertThat(result.stale()).isEmpty();
      assertThat(result.cancel()).isEmpty();
      assertThat(job(job.id()).leaseExpiresAt()).isEqualTo(now.plusSeconds(30));
    }

    @Test
    void aRenewedLeaseIsNotReapedAtItsOldExpiry() {
      Job job = running(aJob().withLease(Duration.ofSeconds(15)), "w1");
      advance(Duration.ofSeconds(10));
      store.renewLeases("w1", List.of(new LeaseRef(job.id(), 1)), now);
      advance(Duration.ofSeconds(10));

      assertThat(store.expireLeases(now, 100)).isEmpty();
      assertThat(job(job.id()).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void renewingAnAttemptThatIsNoLongerCurrentIsRefused() {
      Job first = running(aJob().withRetries(2), "w1");
      expire(first);
      Job second = claimOne("w2");

      RenewResult result = store.renewLeases("w1", List.of(new LeaseRef(first.id(), 1)), now);

      assertThat(result.renewed()).isEmpty();
      assertThat(result.stale()).containsExactly(new LeaseRef(first.id(), 1));
      assertThat(job(first.id())).isEqualTo(second);
    }

    @Test
    void anotherWorkerCannotRenewALeaseItDoesNotHold() {
      Job job = running(aJob(), "w1");

      RenewResult result = store.renewLeases("w2", List.of(new LeaseRef(job.id(), 1)), now.plusSeconds(5));

      assertThat(result.stale()).containsExactly(new LeaseRef(job.id(), 1));
      assertThat(job(job.id()).leaseExpiresAt()).isEqualTo(job.leaseExpiresAt());
    }

    @Test
    void renewingAnUnknownJobIsStale() {
      RenewResult result = store.renewLeases("w1", List.of(new LeaseRef("j_0000000000000000", 1)), now);

      assertThat(result.stale()).containsExactly(new LeaseRef("j_0000000000000000", 1));
    }

    @Test
    void progressOfTheRunningAttemptIsStoredAndKeptAfterItEnds() {
      Job job = running(aJob(), "w1");

      assertThat(store.reportProgress(job.id(), job.attempt(), "w1", 42, "encoding", now)).isEqualTo(Fenced.ACCEPTED);
      assertThat(job(job.id()).progress()).isEqualTo(42);
      assertThat(job(job.id()).progressText()).isEqualTo("encoding");

      finish(job, new JobEvent.Exited(0));
      assertThat(job(job.id()).progress()).isEqualTo(42);
      assertThat(job(job.id()).progressText()).isEqualTo("encoding");
      assertThat(store.reportProgress(job.id(), job.attempt(), "w1", 50, null, now)).isEqualTo(Fenced.STALE_LEASE);
    }

    @Test
    void progressFromAnotherWorkerOrAnOldAttemptIsRefused() {
      Job job = running(aJob(), "w1");

      assertThat(store.reportProgress(job.id(), job.attempt(), "w2", 10, "x", now)).isEqualTo(Fenced.STALE_LEASE);
      assertThat(store.reportProgress(job.id(), job.attempt() + 1, "w1", 10, "x", now)).isEqualTo(Fenced.STALE_LEASE);
      assertThat(store.reportProgress("j_0000000000000000", 1, "w1", 10, "x", now)).isEqualTo(Fenced.NOT_FOUND);
      assertThat(job(job.id()).progress()).isNull();
      assertThat(job(job.id()).progressText()).isNull();
    }

    @Test
    void renewingTellsTheWorkerWhichJobsToCancel() {
      Job keep = running(aJob(), "w1");
      Job drop = running(aJob(), "w1");
      store.requestCancel(drop.id(), now);

      RenewResult result = store.renewLeases(
          "w1", List.of(new LeaseRef(keep.id(), 1), new LeaseRef(drop.id(), 1)), now.plusSeconds(5));

      assertThat(result.renewed()).containsExactlyInAnyOrder(new LeaseRef(keep.id(), 1), new LeaseRef(drop.id(), 1));
      assertThat(result.cancel()).containsExactly(new LeaseRef(drop.id(), 1));
    }

    @Test
    void runningLeasesListsTheJobsAWorkerRunsNow() {
      Job a = running(aJob(), "w1");
      Job b = running(aJob(), "w1");
      running(aJob(), "w2");
      finish(b, new JobEvent.Exited(0));

      assertThat(store.runningLeases("w1")).containsExactly(new LeaseRef(a.id(), 1));
      assertThat(store.runningLeases("nobody")).isEmpty();
    }
  }

  // ---- output ----------------------------------------------------------------------------------

  @Nested
  class Output {
    @Test
    void appendedOutputIsReadBackInArrivalOrder() {
      Job job = running(aJob(), "w1");

      assertThat(append(job, stdout(0, "hello "))).isEqualTo(Fenced.ACCEPTED);
      assertThat(append(job, stderr(0, "warning"))).isEqualTo(Fenced.ACCEPTED);
      assertThat(append(job, stdout(6, "world"))).isEqualTo(Fenced.ACCEPTED);

      List<StoredChunk> chunks = store.readOutput(job.id(), 1, 0, ALL_BYTES);
      assertThat(chunks).extracting(StoredChunk::stream)
          .containsExactly(OutputChannel.STDOUT, OutputChannel.STDERR, OutputChannel.STDOUT);
      assertThat(chunks).extracting(StoredChunk::offset).containsExactly(0L, 0L, 6L);
      assertThat(chunks).extracting(StoredChunk::attempt).containsOnly(1);
      assertThat(chunks).extracting(StoredChunk::seq).isSorted().doesNotHaveDuplicates();
      assertThat(output(job.id(), 1, OutputChannel.STDOUT)).isEqualTo("hello world");
      assertThat(output(job.id(), 1, OutputChannel.STDERR)).isEqualTo("warning");
    }

    @Test
    void aChunkSentTwiceIsStoredOnce() {
      Job job = running(aJob(), "w1");
      append(job, stdout(0, "abc"));

      assertThat(append(job, stdout(0, "abc"))).isEqualTo(Fenced.ACCEPTED);

      assertThat(store.readOutput(job.id(), 1, 0, ALL_BYTES)).hasSize(1);
      assertThat(output(job.id(), 1, OutputChannel.STDOUT)).isEqualTo("abc");
    }

    @Test
    void aChunkOverlappingStoredBytesAddsOnlyTheNewBytes() {
      Job job = running(aJob(), "w1");
      append(job, stdout(0, "abc"));

      append(job, stdout(1, "bcdef"));

      List<StoredChunk> chunks = store.readOutput(job.id(), 1, 0, ALL_BYTES);
      assertThat(chunks).extracting(StoredChunk::offset).containsExactly(0L, 3L);
      assertThat(output(job.id(), 1, OutputChannel.STDOUT)).isEqualTo("abcdef");
    }

    @Test
    void outputUnderAnAttemptThatIsNoLongerCurrentIsRefused() {
      Job first = running(aJob().withRetries(1), "w1");
      expire(first);
      Job second = claimOne("w2");

      assertThat(append(first, stdout(0, "zombie"))).isEqualTo(Fenced.STALE_LEASE);

      assertThat(store.readOutput(first.id(), 1, 0, ALL_BYTES)).isEmpty();
      assertThat(append(second, stdout(0, "alive"))).isEqualTo(Fenced.ACCEPTED);
    }

    @Test
    void outputOfAFinishedJobIsRefused() {
      Job job = running(aJob(), "w1");
      finish(job, new JobEvent.Exited(0));

      assertThat(append(job, stdout(0, "late"))).isEqualTo(Fenced.STALE_LEASE);
    }

    @Test
    void outputBytesCountsBothStreamsOfOneAttemptOnce() {
      Job job = running(aJob(), "w1");
      assertThat(store.outputBytes(job.id(), 1)).isZero();
      append(job, stdout(0, "abc"));
      append(job, stderr(0, "de"));
      append(job, stdout(1, "bcdef"));

      assertThat(store.outputBytes(job.id(), 1)).isEqualTo(8);
      assertThat(store.outputBytes(job.id(), 2)).isZero();
      assertThat(store.outputBytes("j_0000000000000000", 1)).isZero();
    }

    @Test
    void outputForAnUnknownJobIsNotFound() {
      assertThat(store.appendOutput("j_0000000000000000", 1, OutputChannel.STDOUT, 0, bytes("x"), now))
          .isEqualTo(Fenced.NOT_FOUND);
    }

    @Test
    void readingStopsBeforeMaxBytesIsExceededButReturnsAtLeastOneChunk() {
      Job job = running(aJob(), "w1");
      append(job, stdout(0, "1111"));
      append(job, stdout(4, "2222"));
      append(job, stdout(8, "3333"));

      assertThat(store.readOutput(job.id(), 1, 0, 8)).hasSize(2);
      assertThat(store.readOutput(job.id(), 1, 0, 7)).hasSize(1);
      assertThat(store.readOutput(job.id(), 1, 0, 1)).hasSize(1);
      assertThat(store.readOutput(job.id(), 1, 0, 12)).hasSize(3);
    }

    @Test
    void readingResumesAfterTheLastChunkSeen() {
      Job job = running(aJob(), "w1");
      append(job, stdout(0, "one "));
      append(job, stdout(4, "two "));
      List<StoredChunk> first = store.readOutput(job.id(), 1, 0, ALL_BYTES);
      append(job, stdout(8, "three"));

      List<StoredChunk> rest = store.readOutput(job.id(), 1, first.get(first.size() - 1).seq(), ALL_BYTES);

      assertThat(rest).extracting(c -> new String(c.data(), StandardCharsets.UTF_8)).containsExactly("three");
    }

    @Test
    void eachAttemptKeepsItsOwnOutput() {
      Job first = running(aJob().withRetries(1).withRetryBackoff(Duration.ZERO), "w1");
      append(first, stdout(0, "first try"));
      finish(first, new JobEvent.Exited(75));
      Job second = claimOne("w1");
      append(second, stdout(0, "second try"));

      assertThat(output(first.id(), 1, OutputChannel.STDOUT)).isEqualTo("first try");
      assertThat(output(first.id(), 2, OutputChannel.STDOUT)).isEqualTo("second try");
    }
  }

  // ---- finish ----------------------------------------------------------------------------------

  @Nested
  class Finish {
    @Test
    void exitCodeZeroSucceeds() {
      Job job = running(aJob(), "w1");
      advance(Duration.ofSeconds(2));

      FinishResult result = finish(job, new JobEvent.Exited(0));

      assertThat(result.outcome()).isEqualTo(Fenced.ACCEPTED);
      Job done = result.job();
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.exitCode()).isZero();
      assertThat(done.reason()).isEqualTo(EndReason.EXIT);
      assertThat(done.finishedAt()).isEqualTo(now);
      assertThat(done.leaseExpiresAt()).isNull();
      assertThat(done.worker()).isEqualTo("w1");
      assertThat(done.attempt()).isEqualTo(1);
      assertThat(job(job.id())).isEqualTo(done);
      assertThat(store.attempts(job.id())).containsExactly(
          new Attempt(job.id(), 1, "w1", job.startedAt(), now, EndReason.EXIT, 0, null));
    }

    @Test
    void aNonRetryableExitCodeFails() {
      Job job = running(aJob().withRetries(3), "w1");

      Job done = finish(job, new JobEvent.Exited(1)).job();

      assertThat(done.state()).isEqualTo(JobState.FAILED);
      assertThat(done.exitCode()).isEqualTo(1);
      assertThat(done.reason()).isEqualTo(EndReason.EXIT);
      assertThat(done.finishedAt()).isEqualTo(now);
    }

    @Test
    void aRetryableExitCodeRequeuesTheJobAfterItsBackoffWithANewAttempt() {
      Job first = running(aJob().withRetries(2).withRetryBackoff(Duration.ofSeconds(10)), "w1");
      advance(Duration.ofSeconds(5));

      Job requeued = finish(first, new JobEvent.Exited(75)).job();

      assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
      assertThat(requeued.runAt()).isEqualTo(now.plusSeconds(10));
      assertThat(requeued.exitCode()).isEqualTo(75);
      assertThat(requeued.reason()).isEqualTo(EndReason.EXIT);
      assertThat(requeued.finishedAt()).isNull();
      assertThat(requeued.leaseExpiresAt()).isNull();
      assertThat(store.attempts(first.id())).extracting(Attempt::reason).containsExactly(EndReason.EXIT);

      advance(Duration.ofMillis(9_999));
      assertThat(claim("w1", 1)).isEmpty();
      advance(Duration.ofMillis(1));
      Job second = claimOne("w2");
      assertThat(second.attempt()).isEqualTo(2);

      Job requeuedAgain = finish(second, new JobEvent.Exited(75)).job();
      assertThat(requeuedAgain.runAt()).as("backoff doubles").isEqualTo(now.plusSeconds(20));

      now = requeuedAgain.runAt();
      Job third = claimOne("w1");
      Job failed = finish(third, new JobEvent.Exited(75)).job();
      assertThat(failed.state()).as("no attempts left").isEqualTo(JobState.FAILED);
      assertThat(failed.attempt()).isEqualTo(3);
      assertThat(store.attempts(first.id())).extracting(Attempt::number).containsExactly(1, 2, 3);
    }

    @Test
    void aStaleAttemptCannotFinishTheJobAndChangesNothing() {
      Job first = running(aJob().withRetries(1), "w1");
      expire(first);
      Job second = claimOne("w2");
      List<RecordedEvent> history = store.events(first.id());
      List<Attempt> attempts = store.attempts(first.id());

      FinishResult late = finish(first, new JobEvent.Exited(0), stdout(0, "zombie output"));

      assertThat(late.outcome()).isEqualTo(Fenced.STALE_LEASE);
      assertThat(job(first.id())).isEqualTo(second);
      assertThat(store.events(first.id())).isEqualTo(history);
      assertThat(store.attempts(first.id())).isEqualTo(attempts);
      assertThat(store.readOutput(first.id(), 1, 0, ALL_BYTES)).isEmpty();
    }

    @Test
    void anotherWorkerCannotFinishAJobItDoesNotHold() {
      Job job = running(aJob(), "w1");

      FinishResult result = store.finish(new FinishRequest(
          job.id(), 1, "w2", new JobEvent.Exited(0), null, List.of(), now));

      assertThat(result.outcome()).isEqualTo(Fenced.STALE_LEASE);
      assertThat(job(job.id()).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void finishingTwiceIsRefusedTheSecondTime() {
      Job job = running(aJob(), "w1");
      finish(job, new JobEvent.Exited(0));

      FinishResult again = finish(job, new JobEvent.Exited(1));

      assertThat(again.outcome()).isEqualTo(Fenced.STALE_LEASE);
      assertThat(job(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void finishingAnUnknownJobIsNotFound() {
      FinishResult result = store.finish(new FinishRequest(
          "j_0000000000000000", 1, "w1", new JobEvent.Exited(0), null, List.of(), now));

      assertThat(result.outcome()).isEqualTo(Fenced.NOT_FOUND);
      assertThat(result.job()).isNull();
    }

    @Test
    void finishStoresTheOutputNotSentYet() {
      Job job = running(aJob(), "w1");
      append(job, stdout(0, "ab"));

      finish(job, new JobEvent.Exited(0), stdout(0, "ab"), stdout(2, "cd"), stderr(0, "done"));

      assertThat(output(job.id(), 1, OutputChannel.STDOUT)).isEqualTo("abcd");
      assertThat(output(job.id(), 1, OutputChannel.STDERR)).isEqualTo("done");
    }

    @Test
    void aTimeoutFailsTheJobEvenWithAttemptsLeft() {
      Job job = running(aJob().withRetries(3), "w1");

      Job done = finish(job, JobEvent.TIMED_OUT).job();

      assertThat(done.state()).isEqualTo(JobState.FAILED);
      assertThat(done.reason()).isEqualTo(EndReason.TIMEOUT);
      assertThat(done.exitCode()).isNull();
    }

    @Test
    void aJobThatCouldNotStartFailsWithTheWorkersMessage() {
      Job job = running(aJob().withCwd("/no/such/dir"), "w1");

      Job done = store.finish(new FinishRequest(job.id(), 1, "w1",
          new JobEvent.StartFailed("no such directory /no/such/dir"), "no such directory /no/such/dir",
          List.of(), now)).job();

      assertThat(done.state()).isEqualTo(JobState.FAILED);
      assertThat(done.reason()).isEqualTo(EndReason.START_FAILED);
      assertThat(done.message()).isEqualTo("no such directory /no/such/dir");
      assertThat(store.attempts(job.id()).get(0).message()).isEqualTo("no such directory /no/such/dir");
    }

    @Test
    void aReleasedJobIsQueuedAgainAtOnce() {
      Job job = running(aJob().withRetries(0).withRetryBackoff(Duration.ofMinutes(5)), "w1");
      advance(Duration.ofSeconds(1));

      Job released = finish(job, JobEvent.RELEASED).job();

      assertThat(released.state()).isEqualTo(JobState.QUEUED);
      assertThat(released.runAt()).isEqualTo(now);
      assertThat(released.reason()).isEqualTo(EndReason.RELEASED);
      assertThat(claimOne("w2").attempt()).isEqualTo(2);
    }
  }

  // ---- cancel ----------------------------------------------------------------------------------

  @Nested
  class Cancel {
    @Test
    void cancellingAQueuedJobCancelsItAtOnce() {
      Job job = submit();
      advance(Duration.ofSeconds(1));

      CancelResult result = store.requestCancel(job.id(), now);

      assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.CANCELLED);
      assertThat(result.job().state()).isEqualTo(JobState.CANCELLED);
      assertThat(result.job().reason()).isEqualTo(EndReason.CANCELLED);
      assertThat(result.job().finishedAt()).isEqualTo(now);
      assertThat(job(job.id())).isEqualTo(result.job());
      assertThat(claim("w1", 10)).isEmpty();
      assertThat(store.attempts(job.id())).isEmpty();
    }

    @Test
    void cancellingARunningJobAsksItsWorkerThenTheKillCancelsIt() {
      Job job = running(aJob(), "w1");

      CancelResult result = store.requestCancel(job.id(), now);

      assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.CANCEL_REQUESTED);
      assertThat(result.job().state()).isEqualTo(JobState.RUNNING);
      assertThat(result.job().cancelRequested()).isTrue();
      assertThat(store.cancelledLeases("w1")).containsExactly(new LeaseRef(job.id(), 1));

      advance(Duration.ofSeconds(1));
      Job done = finish(job, JobEvent.KILLED_ON_CANCEL).job();

      assertThat(done.state()).isEqualTo(JobState.CANCELLED);
      assertThat(done.reason()).isEqualTo(EndReason.CANCELLED);
      assertThat(done.finishedAt()).isEqualTo(now);
      assertThat(store.attempts(job.id())).extracting(Attempt::reason).containsExactly(EndReason.CANCELLED);
      assertThat(store.cancelledLeases("w1")).isEmpty();
    }

    @Test
    void aJobThatExitsWithAnErrorAfterCancelWasRequestedIsCancelled() {
      Job job = running(aJob().withRetries(2), "w1");
      store.requestCancel(job.id(), now);

      Job done = finish(job, new JobEvent.Exited(75)).job();

      assertThat(done.state()).isEqualTo(JobState.CANCELLED);
      assertThat(done.exitCode()).isEqualTo(75);
    }

    @Test
    void cancellingAFinishedJobChangesNothing() {
      Job job = running(aJob(), "w1");
      Job done = finish(job, new JobEvent.Exited(0)).job();

      CancelResult result = store.requestCancel(job.id(), now.plusSeconds(1));

      assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.ALREADY_FINISHED);
      assertThat(result.job()).isEqualTo(done);
      assertThat(job(job.id())).isEqualTo(done);
    }

    @Test
    void cancellingAnUnknownJobIsNotFound() {
      CancelResult result = store.requestCancel("j_0000000000000000", now);

      assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.NOT_FOUND);
      assertThat(result.job()).isNull();
    }

    @Test
    void askingTwiceToCancelARunningJobRecordsOneRequest() {
      Job job = running(aJob(), "w1");
      store.requestCancel(job.id(), now);

      CancelResult again = store.requestCancel(job.id(), now.plusSeconds(1));

      assertThat(again.outcome()).isEqualTo(CancelResult.Outcome.CANCEL_REQUESTED);
      assertThat(eventTypes(job.id())).containsExactly("submitted", "leased", "cancel_requested");
    }
  }

  // ---- reaper ----------------------------------------------------------------------------------

  @Nested
  class Reaper {
    @Test
    void anExpiredLeaseIsRequeuedAtOnceWhenAttemptsAreLeft() {
      Job job = running(aJob().withRetries(2).withLease(Duration.ofSeconds(15))
          .withRetryBackoff(Duration.ofMinutes(1)), "w1");

      now = job.leaseExpiresAt();
      assertThat(store.expireLeases(now, 100)).as("a lease is good until its expiry").isEmpty();
      advance(Duration.ofMillis(1));
      List<Job> moved = store.expireLeases(now, 100);

      assertThat(moved).hasSize(1);
      Job requeued = moved.get(0);
      assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
      assertThat(requeued.reason()).isEqualTo(EndReason.LOST);
      assertThat(requeued.runAt()).isEqualTo(now);
      assertThat(requeued.leaseExpiresAt()).isNull();
      assertThat(job(job.id())).isEqualTo(requeued);
      Attempt lost = store.attempts(job.id()).get(0);
      assertThat(lost.reason()).isEqualTo(EndReason.LOST);
      assertThat(lost.endedAt()).isEqualTo(now);
      assertThat(claimOne("w2").attempt()).isEqualTo(2);
    }

    @Test
    void anExpiredLeaseWithNoAttemptsLeftFailsTheJobAsLost() {
      Job job = running(aJob().withRetries(0), "w1");

      Job failed = expire(job);

      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(failed.reason()).isEqualTo(EndReason.LOST);
      assertThat(failed.finishedAt()).isEqualTo(now);
    }

    @Test
    void anExpiredLeaseOfAJobWhoseCancelWasRequestedCancelsIt() {
      Job job = running(aJob().withRetries(3), "w1");
      store.requestCancel(job.id(), now);

      Job cancelled = expire(job);

      assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
      assertThat(cancelled.reason()).isEqualTo(EndReason.LOST);
      assertThat(store.attempts(job.id())).extracting(Attempt::reason).containsExactly(EndReason.LOST);
    }

    @Test
    void theReaperMovesAtMostItsLimitPerCall() {
      for (int i = 0; i < 3; i++) {
        running(aJob(), "w1");
      }
      advance(Duration.ofMinutes(1));

      assertThat(store.expireLeases(now, 2)).hasSize(2);
      assertThat(store.expireLeases(now, 2)).hasSize(1);
      assertThat(store.expireLeases(now, 2)).isEmpty();
    }

    @Test
    void concurrentReapersMoveEachJobOnce() throws Exception {
      int jobs = 60;
      for (int i = 0; i < jobs; i++) {
        submit(aJob().withRetries(1));
      }
      assertThat(claim("w1", jobs)).hasSize(jobs);
      advance(Duration.ofMinutes(1));

      List<List<String>> perThread = concurrently(4, () -> {
        List<String> moved = new ArrayList<>();
        List<Job> got;
        while (!(got = store.expireLeases(now, 7)).isEmpty()) {
          moved.addAll(ids(got));
        }
        return moved;
      });

      List<String> all = perThread.stream().flatMap(List::stream).toList();
      assertThat(all).hasSize(jobs);
      assertThat(new HashSet<>(all)).hasSize(jobs);
      for (String id : all) {
        assertThat(eventTypes(id)).containsExactly("submitted", "leased", "requeued");
      }
    }

    @Test
    void extendingRunningLeasesGivesEachItsFullTtlFromNow() {
      Job shortLease = running(aJob().withLease(Duration.ofSeconds(15)), "w1");
      Job longLease = running(aJob().withLease(Duration.ofMinutes(5)), "w1");
      Job queued = submit();
      advance(Duration.ofSeconds(20));

      assertThat(store.extendRunningLeases(now)).isEqualTo(2);

      assertThat(job(shortLease.id()).leaseExpiresAt()).isEqualTo(now.plusSeconds(15));
      assertThat(job(longLease.id()).leaseExpiresAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
      assertThat(job(queued.id()).leaseExpiresAt()).isNull();
      assertThat(store.expireLeases(now, 100)).isEmpty();
    }

    @Test
    void extendingNeverShortensALease() {
      Job job = running(aJob().withLease(Duration.ofSeconds(15)), "w1");

      store.extendRunningLeases(now.minusSeconds(10));

      assertThat(job(job.id()).leaseExpiresAt()).isEqualTo(job.leaseExpiresAt());
    }
  }

  // ---- workers ---------------------------------------------------------------------------------

  @Nested
  class WorkerRegistry {
    @Test
    void aNewWorkerIsRecordedAndOnline() {
      RegisterResult result = store.registerWorker(
          aWorker("mini").withLabels("os:mac", "gpu").withSlots(3).at(now).build(), LIVE_WITHIN);

      WorkerRecord w = result.worker();
      assertThat(result.released()).isEmpty();
      assertThat(w.name()).isEqualTo("mini");
      assertThat(w.workerId()).isEqualTo("id-mini");
      assertThat(w.incarnation()).isEqualTo("inc-1");
      assertThat(w.labels()).containsExactlyInAnyOrder("os:mac", "gpu");
      assertThat(w.slots()).isEqualTo(3);
      assertThat(w.running()).isZero();
      assertThat(w.version()).isEqualTo("0.1.0");
      assertThat(w.host()).isEqualTo("mini.local");
      assertThat(w.registeredAt()).isEqualTo(now);
      assertThat(w.draining()).isFalse();
      assertThat(w.stoppedAt()).isNull();
      assertThat(w.isOnline(now, LIVE_WITHIN)).isTrue();
      assertThat(store.listWorkers()).containsExactly(w);
    }

    @Test
    void aRestartUnderTheSameWorkerIdReleasesTheOldLeasesAtOnce() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      Job retryable = running(aJob().withRetries(1), "mini");
      Job lastTry = running(aJob().withRetries(0), "mini");
      advance(Duration.ofSeconds(2));

      RegisterResult result = store.registerWorker(
          aWorker("mini").withIncarnation("inc-2").at(now).build(), LIVE_WITHIN);

      assertThat(result.worker().incarnation()).isEqualTo("inc-2");
      assertThat(result.released()).extracting(Job::id).containsExactlyInAnyOrder(retryable.id(), lastTry.id());
      assertThat(job(retryable.id()).state()).isEqualTo(JobState.QUEUED);
      assertThat(job(retryable.id()).runAt()).isEqualTo(now);
      assertThat(job(lastTry.id()).state()).isEqualTo(JobState.FAILED);
      assertThat(store.attempts(retryable.id())).extracting(Attempt::reason).containsExactly(EndReason.LOST);
      assertThat(worker("mini").running()).isZero();
    }

    @Test
    void registeringTheSameIncarnationAgainReleasesNothing() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      Job job = running(aJob(), "mini");

      RegisterResult again = store.registerWorker(aWorker("mini").at(now.plusSeconds(1)).build(), LIVE_WITHIN);

      assertThat(again.released()).isEmpty();
      assertThat(job(job.id()).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void anotherMachineCannotTakeTheNameOfALiveWorker() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      advance(Duration.ofSeconds(29));

      assertThatThrownBy(() -> store.registerWorker(
          aWorker("mini").withWorkerId("other-machine").onHost("other.local").at(now).build(), LIVE_WITHIN))
          .isInstanceOf(WorkerNameTakenException.class)
          .hasMessageContaining("mini");

      assertThat(worker("mini").workerId()).isEqualTo("id-mini");
    }

    @Test
    void anotherMachineTakesOverANameNotSeenWithinLiveWithin() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      Job abandoned = running(aJob().withRetries(1).withLease(Duration.ofMinutes(10)), "mini");
      advance(LIVE_WITHIN.plusMillis(1));

      RegisterResult result = store.registerWorker(
          aWorker("mini").withWorkerId("new-machine").withIncarnation("x").at(now).build(), LIVE_WITHIN);

      assertThat(result.worker().workerId()).isEqualTo("new-machine");
      assertThat(result.released()).extracting(Job::id).containsExactly(abandoned.id());
      assertThat(job(abandoned.id()).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void theNameOfAWorkerThatSaidGoodbyeIsFreeAtOnce() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      store.markWorker("mini", "inc-1", false, true, now);

      RegisterResult result = store.registerWorker(
          aWorker("mini").withWorkerId("new-machine").at(now).build(), LIVE_WITHIN);

      assertThat(result.worker().workerId()).isEqualTo("new-machine");
      assertThat(result.worker().stoppedAt()).isNull();
    }

    @Test
    void touchingRecordsPollsAndHeartbeatsOfTheCurrentIncarnation() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      Instant polled = now.plusSeconds(1);
      Instant beat = now.plusSeconds(2);

      assertThat(store.touchWorker("mini", "inc-1", true, false, polled)).isTrue();
      assertThat(store.touchWorker("mini", "inc-1", false, true, beat)).isTrue();

      WorkerRecord w = worker("mini");
      assertThat(w.lastPollAt()).isEqualTo(polled);
      assertThat(w.lastHeartbeatAt()).isEqualTo(beat);
      assertThat(w.lastSeen()).isEqualTo(beat);
    }

    @Test
    void touchingIsRefusedForAReplacedIncarnationOrAnUnknownWorker() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      store.registerWorker(aWorker("mini").withIncarnation("inc-2").at(now).build(), LIVE_WITHIN);

      assertThat(store.touchWorker("mini", "inc-1", true, true, now.plusSeconds(1))).isFalse();
      assertThat(store.touchWorker("ghost", "inc-1", true, true, now.plusSeconds(1))).isFalse();
      assertThat(worker("mini").lastPollAt()).isNull();
    }

    @Test
    void aWorkersReportedLoadIsStoredUntilItsNextStart() {
      store.registerWorker(aWorker("pi").at(now).build(), LIVE_WITHIN);
      assertThat(worker("pi").load()).isNull();

      WorkerLoad busy = new WorkerLoad(95.5, 512L * 1024 * 1024, "CPU load 96% is above its threshold of 80%");
      assertThat(store.recordWorkerLoad("pi", "inc-1", busy)).isTrue();
      assertThat(worker("pi").load()).isEqualTo(busy);
      assertThat(worker("pi").paused()).isEqualTo("CPU load 96% is above its threshold of 80%");

      WorkerLoad calm = new WorkerLoad(12.0, null, null);
      assertThat(store.recordWorkerLoad("pi", "inc-1", calm)).isTrue();
      assertThat(worker("pi").load()).isEqualTo(calm);
      assertThat(worker("pi").paused()).isNull();

      store.recordWorkerLoad("pi", "inc-1", busy);
      store.registerWorker(aWorker("pi").withIncarnation("inc-2").at(now).build(), LIVE_WITHIN);
      assertThat(worker("pi").load()).isNull();
    }

    @Test
    void loadFromAReplacedIncarnationOrAnUnknownWorkerIsRefused() {
      store.registerWorker(aWorker("pi").at(now).build(), LIVE_WITHIN);
      store.registerWorker(aWorker("pi").withIncarnation("inc-2").at(now).build(), LIVE_WITHIN);
      WorkerLoad busy = new WorkerLoad(99.0, 1L, "busy");

      assertThat(store.recordWorkerLoad("pi", "inc-1", busy)).isFalse();
      assertThat(store.recordWorkerLoad("ghost", "inc-1", busy)).isFalse();
      assertThat(worker("pi").load()).isNull();
    }

    @Test
    void listingWorkersCountsTheJobsEachRunsNow() {
      store.registerWorker(aWorker("b-worker").at(now).build(), LIVE_WITHIN);
      store.registerWorker(aWorker("a-worker").at(now).build(), LIVE_WITHIN);
      Job first = running(aJob(), "a-worker");
      running(aJob(), "a-worker");
      running(aJob(), "b-worker");
      finish(first, new JobEvent.Exited(0));

      assertThat(store.listWorkers()).extracting(WorkerRecord::name, WorkerRecord::running)
          .containsExactly(tuple("a-worker", 1),
              tuple("b-worker", 1));
    }

    @Test
    void markingAWorkerDrainingThenStoppedIsRecorded() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);

      store.markWorker("mini", "inc-1", true, false, now.plusSeconds(1));
      assertThat(worker("mini").draining()).isTrue();
      assertThat(worker("mini").stoppedAt()).isNull();

      store.markWorker("mini", "inc-1", true, true, now.plusSeconds(2));
      assertThat(worker("mini").stoppedAt()).isEqualTo(now.plusSeconds(2));
      assertThat(worker("mini").isOnline(now.plusSeconds(2), LIVE_WITHIN)).isFalse();
    }

    @Test
    void markingIsIgnoredForAReplacedIncarnation() {
      store.registerWorker(aWorker("mini").at(now).build(), LIVE_WITHIN);
      store.registerWorker(aWorker("mini").withIncarnation("inc-2").at(now).build(), LIVE_WITHIN);

      store.markWorker("mini", "inc-1", true, true, now.plusSeconds(1));

      assertThat(worker("mini").draining()).isFalse();
      assertThat(worker("mini").stoppedAt()).isNull();
    }
  }

  // ---- events ----------------------------------------------------------------------------------

  @Nested
  class Events {
    @Test
    void everyTransitionIsRecordedInOrder() {
      Job submitted = submit(aJob().withRetries(1).withRetryBackoff(Duration.ofSeconds(1)));
      advance(Duration.ofSeconds(1));
      Job first = claimOne("w1");
      advance(Duration.ofSeconds(1));
      finish(first, new JobEvent.Exited(75));
      advance(Duration.ofSeconds(1));
      Job second = claimOne("w2");
      advance(Duration.ofSeconds(1));
      finish(second, new JobEvent.Exited(0));

      List<RecordedEvent> events = store.events(submitted.id());

      assertThat(events).extracting(RecordedEvent::type)
          .containsExactly("submitted", "leased", "requeued", "leased", "succeeded");
      assertThat(events).extracting(RecordedEvent::state).containsExactly(
          JobState.QUEUED, JobState.RUNNING, JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
      assertThat(events).extracting(RecordedEvent::attempt).containsExactly(0, 1, 1, 2, 2);
      assertThat(events).extracting(RecordedEvent::worker).containsExactly(null, "w1", "w1", "w2", "w2");
      assertThat(events).extracting(RecordedEvent::at).containsExactly(
          Jobs.T0, Jobs.T0.plusSeconds(1), Jobs.T0.plusSeconds(2), Jobs.T0.plusSeconds(3), Jobs.T0.plusSeconds(4));
      assertThat(events).extracting(RecordedEvent::seq).isSorted().doesNotHaveDuplicates();
      assertThat(events).extracting(RecordedEvent::jobId).containsOnly(submitted.id());
      assertThat(events.get(2).detail()).contains("75");
    }

    @Test
    void cancelsAndLostLeasesAreRecorded() {
      Job queued = submit();
      store.requestCancel(queued.id(), now);
      Job running = running(aJob().withRetries(0), "w1");
      store.requestCancel(running.id(), now);
      finish(running, JobEvent.KILLED_ON_CANCEL);
      Job lost = running(aJob().withRetries(0), "w1");
      expire(lost);

      assertThat(eventTypes(queued.id())).containsExactly("submitted", "cancelled");
      assertThat(eventTypes(running.id())).containsExactly("submitted", "leased", "cancel_requested", "cancelled");
      assertThat(eventTypes(lost.id())).containsExactly("submitted", "leased", "failed");
      assertThat(store.events(lost.id()).get(2).detail()).contains("lost");
    }

    @Test
    void eventsAfterResumesTheHistoryOfTheWholeStore() {
      Job a = submit();
      Job b = submit();
      claim("w1", 2);

      List<RecordedEvent> all = store.eventsAfter(0, 100);

      assertThat(all).extracting(RecordedEvent::jobId).containsExactly(a.id(), b.id(), a.id(), b.id());
      assertThat(all).extracting(RecordedEvent::seq).isSorted().doesNotHaveDuplicates();
      assertThat(store.eventsAfter(all.get(0).seq(), 2)).isEqualTo(all.subList(1, 3));
      assertThat(store.eventsAfter(all.get(3).seq(), 100)).isEmpty();
    }
  }

  // ---- queue statistics ------------------------------------------------------------------------

  @Nested
  class Statistics {
    @Test
    void anEmptyStoreCountsZeroInEveryState() {
      QueueStats stats = store.queueStats(now);

      assertThat(stats.at()).isEqualTo(now);
      assertThat(stats.counts()).containsOnlyKeys(JobState.values()).allSatisfy((state, n) -> assertThat(n).isZero());
      assertThat(stats.oldestQueuedAt()).isNull();
      assertThat(stats.oldestQueuedAge()).isZero();
      assertThat(stats.scheduled()).isZero();
      assertThat(stats.queuedByRouting()).isEmpty();
    }

    @Test
    void everyJobIsCountedInItsState() {
      finish(running(aJob(), "w1"), new JobEvent.Exited(0));
      finish(running(aJob().withRetries(0), "w1"), new JobEvent.Exited(1));
      finish(running(aJob().withRetries(0), "w1"), new JobEvent.Exited(2));
      running(aJob(), "w1");
      store.requestCancel(submit().id(), now);
      submit();
      submit();

      QueueStats stats = store.queueStats(now);

      assertThat(stats.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
          JobState.QUEUED, 2L, JobState.RUNNING, 1L, JobState.SUCCEEDED, 1L, JobState.FAILED, 2L,
          JobState.CANCELLED, 1L));
      assertThat(stats.count(JobState.FAILED)).isEqualTo(2);
    }

    @Test
    void theOldestQueuedJobIsTheEarliestSubmittedOneStillQueued() {
      Job first = submit();
      advance(Duration.ofSeconds(1));
      Job second = submit();
      advance(Duration.ofSeconds(1));
      submit();
      assertThat(store.queueStats(now).oldestQueuedAt()).isEqualTo(first.createdAt());

      Job running = claimOne("w1");
      assertThat(running.id()).isEqualTo(first.id());
      assertThat(store.queueStats(now).oldestQueuedAt()).isEqualTo(second.createdAt());
      assertThat(store.queueStats(now).oldestQueuedAge()).isEqualTo(Duration.ofSeconds(1));

      expire(running);
      assertThat(store.queueStats(now).oldestQueuedAt()).as("a re-queued job keeps its age").isEqualTo(first.createdAt());
    }

    @Test
    void queuedJobsNotDueYetAreCountedAsScheduled() {
      submit(aJob().withDelay(Duration.ofMinutes(1)));
      submit();

      assertThat(store.queueStats(now).scheduled()).isEqualTo(1);
      assertThat(store.queueStats(now.plus(Duration.ofMinutes(1))).scheduled()).isZero();
      assertThat(store.queueStats(now).count(JobState.QUEUED)).isEqualTo(2);
    }

    @Test
    void queuedJobsAreGroupedByTargetWorkerAndLabelsLargestFirst() {
      submit(aJob().withLabels("gpu"));
      claimOne("w1", "gpu");
      submit();
      submit();
      submit();
      submit(aJob().withLabels("gpu"));
      submit(aJob().withLabels("gpu"));
      submit(aJob().withLabels("os:linux", "gpu"));
      submit(aJob().withLabels("gpu", "os:linux"));
      submit(aJob().onWorker("mini"));
      submit(aJob().onWorker("mini").withLabels("gpu"));

      Map<QueueStats.Routing, Long> groups = store.queueStats(now).queuedByRouting();

      assertThat(groups).containsExactlyInAnyOrderEntriesOf(Map.of(
          QueueStats.Routing.ANY, 3L,
          new QueueStats.Routing(null, List.of("gpu")), 2L,
          new QueueStats.Routing(null, List.of("gpu", "os:linux")), 2L,
          new QueueStats.Routing("mini", List.of()), 1L,
          new QueueStats.Routing("mini", List.of("gpu")), 1L));
      assertThat(List.copyOf(groups.values())).as("largest first").isSortedAccordingTo(Comparator.reverseOrder());
      assertThat(groups.keySet()).first().isEqualTo(QueueStats.Routing.ANY);
    }

    @Test
    void onlyTheLargestRoutingGroupsAreListed() {
      submit(aJob().withLabels("big"));
      submit(aJob().withLabels("big"));
      for (int i = 0; i < QueueStats.TOP_ROUTINGS; i++) {
        submit(aJob().withLabels("label-" + i));
      }

      QueueStats stats = store.queueStats(now);

      assertThat(stats.queuedByRouting()).hasSize(QueueStats.TOP_ROUTINGS);
      assertThat(stats.queuedByRouting().entrySet()).first()
          .isEqualTo(Map.entry(new QueueStats.Routing(null, List.of("big")), 2L));
      assertThat(stats.count(JobState.QUEUED)).isEqualTo(QueueStats.TOP_ROUTINGS + 2);
    }
  }

  // ---- retention -------------------------------------------------------------------------------

  @Nested
  class Files extends JobFilesRules {
    Files() {
      super(JobStoreContract.this);
    }
  }

  @Nested
  class Retention {
    @Test
    void onlyJobsFinishedBeforeTheCutoffAreDeleted() {
      Job old = running(aJob(), "w1");
      advance(Duration.ofSeconds(1));
      finish(old, new JobEvent.Exited(0));
      Job recent = running(aJob(), "w1");
      advance(Duration.ofSeconds(4));
      finish(recent, new JobEvent.Exited(0));
      Instant cutoff = old.startedAt().plusSeconds(3);

      assertThat(store.pruneFinished(cutoff, 100)).isEqualTo(1);

      assertThat(store.findJob(old.id())).isEmpty();
      assertThat(job(recent.id()).state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(store.pruneFinished(recent.startedAt().plusSeconds(4), 100)).as("finished exactly at the cutoff").isZero();
    }

    @Test
    void queuedAndRunningJobsAreNeverDeleted() {
      Job requeued = running(aJob().withRetries(1), "w1");
      finish(requeued, new JobEvent.Exited(75));
      Job cancelling = running(aJob(), "w1");
      store.requestCancel(cancelling.id(), now);
      Job running = running(aJob(), "w1");
      Job queued = submit();
      advance(Duration.ofDays(365));

      assertThat(store.pruneFinished(now, 100)).isZero();

      assertThat(List.of(requeued, cancelling, running, queued))
          .allSatisfy(j -> assertThat(store.findJob(j.id())).isPresent());
      assertThat(store.attempts(requeued.id())).hasSize(1);
      assertThat(store.events(running.id())).isNotEmpty();
    }

    @Test
    void aDeletedJobTakesItsAttemptsOutputAndHistoryWithIt() {
      Job done = running(aJob(), "w1");
      append(done, stdout(0, "hello\n"));
      finish(done, new JobEvent.Exited(0), stderr(0, "bye\n"));
      Job cancelled = submit();
      store.requestCancel(cancelled.id(), now);
      Job kept = running(aJob(), "w1");
      append(kept, stdout(0, "still here\n"));
      advance(Duration.ofSeconds(1));

      assertThat(store.pruneFinished(now, 100)).isEqualTo(2);

      for (Job gone : List.of(done, cancelled)) {
        assertThat(store.findJob(gone.id())).isEmpty();
        assertThat(store.attempts(gone.id())).isEmpty();
        assertThat(store.events(gone.id())).isEmpty();
      }
      assertThat(store.readOutput(done.id(), 1, 0, ALL_BYTES)).isEmpty();
      assertThat(store.eventsAfter(0, 100)).extracting(RecordedEvent::jobId).containsOnly(kept.id());
      assertThat(output(kept.id(), 1, OutputChannel.STDOUT)).isEqualTo("still here\n");
      assertThat(store.attempts(kept.id())).hasSize(1);
      assertThat(store.queueStats(now).counts()).containsEntry(JobState.SUCCEEDED, 0L)
          .containsEntry(JobState.CANCELLED, 0L).containsEntry(JobState.RUNNING, 1L);
    }

    @Test
    void eachCallDeletesAtMostItsBatchTheEarliestFinishedFirst() {
      List<String> finished = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Job job = running(aJob(), "w1");
        advance(Duration.ofSeconds(1));
        finish(job, new JobEvent.Exited(0));
        finished.add(job.id());
      }

      assertThat(store.pruneFinished(now.plusSeconds(1), 2)).isEqualTo(2);
      assertThat(finished).map(id -> store.findJob(id).isPresent()).containsExactly(false, false, true, true, true);
      assertThat(store.pruneFinished(now.plusSeconds(1), 2)).isEqualTo(2);
      assertThat(store.pruneFinished(now.plusSeconds(1), 2)).isEqualTo(1);
      assertThat(store.pruneFinished(now.plusSeconds(1), 2)).isZero();
    }

    @Test
    void theKeyOfADeletedJobMayBeUsedAgain() {
      Job first = submit(aJob().withKey("nightly-2030-01-01"));
      store.requestCancel(first.id(), now);
      advance(Duration.ofSeconds(1));
      store.pruneFinished(now, 100);

      SubmitResult again = store.submit(aJob().withKey("nightly-2030-01-01").at(now).build());

      assertThat(again.status()).isEqualTo(SubmitResult.Status.CREATED);
      assertThat(again.job().id()).isNotEqualTo(first.id());
    }

    @Test
    void aBatchSizeOutsideOneToMaxIsRefused() {
      assertThatThrownBy(() -> store.pruneFinished(now, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..10000");
      assertThatThrownBy(() -> store.pruneFinished(now, JobStore.MAX_PRUNE_BATCH + 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..10000");
    }
  }

  // ---- listing ---------------------------------------------------------------------------------

  @Nested
  class Schedules {
    private final Instant tick = Jobs.T0.plus(Duration.ofHours(3));
    private final Instant nextTick = tick.plus(Duration.ofDays(1));

    private Schedule schedule(String name, Instant nextFireAt) {
      return new Schedule(JobIds.next(), name, "0 3 * * *", "UTC", CatchUp.SKIP,
          aJob().withCommand("backup.sh").build().spec(), false, nextFireAt, now, null, null);
    }

    private ScheduleFire firing(Schedule s, Instant due, Instant next) {
      NewJob job = aJob().withCommand("backup.sh").withKey(FirePlan.jobKey(s.id(), due))
          .submittedBy("schedule " + s.name()).at(now).build();
      return new ScheduleFire(s.id(), due, next, job, now);
    }

    @Test
    void aCreatedScheduleIsFoundAndListedByName() {
      Schedule b = schedule("b-nightly", tick);
      Schedule a = schedule("a-hourly", tick);

      assertThat(store.createSchedule(b)).isTrue();
      assertThat(store.createSchedule(a)).isTrue();

      assertThat(store.findSchedule("b-nightly")).contains(b);
      assertThat(store.listSchedules()).containsExactly(a, b);
      assertThat(store.findSchedule("none")).isEmpty();
    }

    @Test
    void aNameIsUsedByOneScheduleOnly() {
      Schedule first = schedule("nightly", tick);
      store.createSchedule(first);

      assertThat(store.createSchedule(schedule("nightly", nextTick))).isFalse();

      assertThat(store.listSchedules()).containsExactly(first);
    }

    @Test
    void firingMovesTheNextFireTimeAndSubmitsTheTicksJobTogether() {
      Schedule s = schedule("nightly", tick);
      store.createSchedule(s);
      now = tick.plusMillis(20);

      FireResult fired = store.fireSchedule(firing(s, tick, nextTick));

      assertThat(fired.outcome()).isEqualTo(FireResult.Outcome.FIRED);
      Job job = store.findJob(fired.job().id()).orElseThrow();
      assertThat(job.state()).isEqualTo(JobState.QUEUED);
      assertThat(job.key()).isEqualTo(FirePlan.jobKey(s.id(), tick));
      assertThat(job.spec().command()).isEqualTo("backup.sh");
      assertThat(store.events(job.id())).extracting(RecordedEvent::detail).containsExactly("submitted by schedule nightly");
      Schedule after = store.findSchedule("nightly").orElseThrow();
      assertThat(after.nextFireAt()).isEqualTo(nextTick);
      assertThat(after.lastFiredAt()).isEqualTo(now);
      assertThat(after.lastJobId()).isEqualTo(job.id());
    }

    @Test
    void aTickFiresOnceWhenManyFireItAtOnce() throws Exception {
      Schedule s = schedule("nightly", tick);
      store.createSchedule(s);
      now = tick;
      int racers = 8;
      CountDownLatch start = new CountDownLatch(1);
      List<Future<FireResult>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
        for (int i = 0; i < racers; i++) {
          ScheduleFire fire = firing(s, tick, nextTick);
          results.add(pool.submit(() -> {
            start.await();
            return store.fireSchedule(fire);
          }));
        }
        start.countDown();
      }
      List<FireResult.Outcome> outcomes = new ArrayList<>();
      for (Future<FireResult> f : results) {
        outcomes.add(f.get().outcome());
      }

      assertThat(outcomes).containsOnlyOnce(FireResult.Outcome.FIRED)
          .containsOnly(FireResult.Outcome.FIRED, FireResult.Outcome.MOVED_ON);
      assertThat(store.listJobs(new JobQuery(null, null, null, 100, null)).jobs()).hasSize(1);
      assertThat(store.findSchedule("nightly").orElseThrow().nextFireAt()).isEqualTo(nextTick);
    }

    @Test
    void aFiringBasedOnAnOldReadChangesNothing() {
      Schedule s = schedule("nightly", tick);
      store.createSchedule(s);
      store.fireSchedule(firing(s, tick, nextTick));

      FireResult late = store.fireSchedule(firing(s, tick, nextTick));

      assertThat(late).isEqualTo(new FireResult(FireResult.Outcome.MOVED_ON, null));
      assertThat(store.listJobs(new JobQuery(null, null, null, 100, null)).jobs()).hasSize(1);
    }

    @Test
    void aSkippedTickMovesTheNextFireTimeWithoutAJob() {
      Schedule s = schedule("nightly", tick);
      store.createSchedule(s);

      FireResult skipped = store.fireSchedule(new ScheduleFire(s.id(), tick, nextTick, null, now));

      assertThat(skipped).isEqualTo(new FireResult(FireResult.Outcome.SKIPPED, null));
      assertThat(store.findSchedule("nightly").orElseThrow().nextFireAt()).isEqualTo(nextTick);
      assertThat(store.listJobs(new JobQuery(null, null, null, 100, null)).jobs()).isEmpty();
    }

    @Test
    void aPausedScheduleIsNotDueAndDoesNotFireUntilResumed() {
      Schedule s = schedule("nightly", tick);
      store.createSchedule(s);

      assertThat(store.pauseSchedule("nightly")).get().extracting(Schedule::paused).isEqualTo(true);

      assertThat(store.dueSchedules(tick, 10)).isEmpty();
      assertThat(store.nextScheduleFireAt()).isEmpty();
      assertThat(store.fireSchedule(firing(s, tick, nextTick)).outcome()).isEqualTo(FireResult.Outcome.MOVED_ON);

      Schedule resumed = store.resumeSchedule("nightly", nextTick).orElseThrow();
      assertThat(resumed.paused()).isFalse();
      assertThat(resumed.nextFireAt()).isEqualTo(nextTick);
      assertThat(store.nextScheduleFireAt()).contains(nextTick);
      assertThat(store.pauseSchedule("none")).isEmpty();
      assertThat(store.resumeSchedule("none", nextTick)).isEmpty();
    }

    @Test
    void dueSchedulesAreThoseWhoseTimeHasComeEarliestFirst() {
      store.createSchedule(schedule("later", nextTick));
      store.createSchedule(schedule("soon", tick.plusSeconds(60)));
      store.createSchedule(schedule("now", tick));

      assertThat(store.dueSchedules(tick.plusSeconds(60), 10)).extracting(Schedule::name).containsExactly("now", "soon");
      assertThat(store.dueSchedules(tick.plusSeconds(60), 1)).extracting(Schedule::name).containsExactly("now");
      assertThat(store.dueSchedules(tick.minusMillis(1), 10)).isEmpty();
      assertThat(store.nextScheduleFireAt()).contains(tick);
    }

    @Test
    void deletingAScheduleLeavesTheJobsItSubmitted() {
      Schedule s = schedule("nightly", tick);
      store.createSchedule(s);
      Job job = store.fireSchedule(firing(s, tick, nextTick)).job();

      assertThat(store.deleteSchedule("nightly")).isTrue();

      assertThat(store.deleteSchedule("nightly")).isFalse();
      assertThat(store.findSchedule("nightly")).isEmpty();
      assertThat(store.fireSchedule(firing(s, nextTick, nextTick.plus(Duration.ofDays(1)))).outcome())
          .isEqualTo(FireResult.Outcome.MOVED_ON);
      assertThat(store.findJob(job.id())).isPresent();
    }
  }

  @Nested
  class Listing {
    @Test
    void jobsAreListedNewestFirst() {
      Job a = submit();
      Job b = submit();
      Job c = submit();

      assertThat(ids(store.listJobs(JobQuery.all(10)).jobs())).containsExactly(c.id(), b.id(), a.id());
    }

    @Test
    void jobsCanBeFilteredByState() {
      Job running = running(aJob(), "w1");
      Job done = running(aJob(), "w1");
      finish(done, new JobEvent.Exited(0));
      Job queued = submit();

      assertThat(ids(list(JobState.QUEUED, null, null))).containsExactly(queued.id());
      assertThat(ids(list(JobState.RUNNING, null, null))).containsExactly(running.id());
      assertThat(ids(list(JobState.SUCCEEDED, null, null))).containsExactly(done.id());
      assertThat(list(JobState.FAILED, null, null)).isEmpty();
    }

    @Test
    void jobsCanBeFilteredByTheWorkerThatLastHeldThem() {
      Job mine = running(aJob(), "mini");
      running(aJob(), "pi");
      submit();

      assertThat(ids(list(null, "mini", null))).containsExactly(mine.id());
    }

    @Test
    void jobsCanBeFilteredByARequiredLabel() {
      Job gpu = submit(aJob().withLabels("gpu", "os:linux"));
      Job linux = submit(aJob().withLabels("os:linux"));
      submit();

      assertThat(ids(list(null, null, "gpu"))).containsExactly(gpu.id());
      assertThat(ids(list(null, null, "os:linux"))).containsExactly(linux.id(), gpu.id());
      assertThat(ids(list(JobState.QUEUED, null, "os"))).isEmpty();
    }

    @Test
    void aCursorPagesThroughEveryJobOnce() {
      List<String> submitted = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        submitted.add(submit().id());
      }

      List<String> seen = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      String cursor = null;
      do {
        JobPage page = store.listJobs(new JobQuery(null, null, null, 2, cursor));
        seen.addAll(ids(page.jobs()));
        sizes.add(page.jobs().size());
        cursor = page.nextCursor();
      } while (cursor != null);

      assertThat(sizes).containsExactly(2, 2, 1);
      assertThat(seen).containsExactlyElementsOf(submitted.reversed());
    }

    @Test
    void aFullLastPageHasNoCursor() {
      submit();
      submit();

      JobPage page = store.listJobs(JobQuery.all(2));

      assertThat(page.jobs()).hasSize(2);
      assertThat(page.nextCursor()).isNull();
    }

    @Test
    void aCursorKeepsItsFilter() {
      Job a = submit(aJob().withLabels("gpu"));
      submit();
      Job b = submit(aJob().withLabels("gpu"));
      submit();

      JobPage first = store.listJobs(new JobQuery(JobState.QUEUED, null, "gpu", 1, null));
      JobPage second = store.listJobs(new JobQuery(JobState.QUEUED, null, "gpu", 1, first.nextCursor()));

      assertThat(ids(first.jobs())).containsExactly(b.id());
      assertThat(ids(second.jobs())).containsExactly(a.id());
      assertThat(second.nextCursor()).isNull();
    }

    @Test
    void aLimitOutsideOneToMaxIsRefused() {
      assertThatThrownBy(() -> store.listJobs(JobQuery.all(0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..1000");
      assertThatThrownBy(() -> store.listJobs(JobQuery.all(JobQuery.MAX_LIMIT + 1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..1000");
    }

    @Test
    void aMalformedCursorIsRefused() {
      assertThatThrownBy(() -> store.listJobs(new JobQuery(null, null, null, 10, "not-a-cursor")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    private List<Job> list(JobState state, String worker, String label) {
      return store.listJobs(new JobQuery(state, worker, label, 100, null)).jobs();
    }
  }

  // ---- scheduling: preferred workers, concurrency groups, dependencies --------------------------

  @Nested
  class PreferredWorkers {
    @Test
    void onlyAPreferredWorkerMayTakeTheJobUntilItsWaitEnds() {
      Job job = submit(aJob().preferring(Duration.ofMinutes(2), "mac"));

      assertThat(claim("pi", 10, "os:linux")).isEmpty();
      advance(Duration.ofMinutes(2).minusMillis(1));
      assertThat(claim("pi", 10, "os:linux")).isEmpty();
      advance(Duration.ofMillis(1));
      assertThat(ids(claim("pi", 10, "os:linux"))).containsExactly(job.id());
    }

    @Test
    void aPreferredWorkerTakesTheJobAtOnce() {
      Job job = submit(aJob().preferring(Duration.ofMinutes(2), "mac"));

      assertThat(ids(claim("mini", 10, "mac", "os:darwin"))).containsExactly(job.id());
    }

    @Test
    void aPreferredWorkerMustHaveEveryPreferredLabel() {
      submit(aJob().preferring(Duration.ofMinutes(2), "mac", "gpu"));

      assertThat(claim("mini", 10, "mac")).isEmpty();
      assertThat(claim("mini", 10, "mac", "gpu")).hasSize(1);
    }

    @Test
    void aWorkerCanBePreferredByName() {
      Job job = submit(aJob().preferringWorker("mini", Duration.ofSeconds(30)));

      assertThat(claim("pi", 10)).isEmpty();
      assertThat(ids(claim("mini", 10))).containsExactly(job.id());
    }

    @Test
    void theWaitCountsFromTheJobsStartTime() {
      Job job = submit(aJob().withDelay(Duration.ofMinutes(1)).preferring(Duration.ofMinutes(2), "mac"));

      advance(Duration.ofMinutes(2));
      assertThat(claim("pi", 10)).isEmpty();
      advance(Duration.ofMinutes(1));
      assertThat(ids(claim("pi", 10))).containsExactly(job.id());
    }

    @Test
    void preferenceIsSoftButRequiredLabelsStayHard() {
      Job job = submit(aJob().withLabels("has:ffmpeg").preferring(Duration.ofSeconds(10), "mac"));

      advance(Duration.ofSeconds(10));
      assertThat(claim("pi", 10)).isEmpty();
      assertThat(ids(claim("pi", 10, "has:ffmpeg"))).containsExactly(job.id());
    }

    @Test
    void aJobWaitingForItsPreferredWorkerDoesNotHoldBackOthers() {
      submit(aJob().withPriority(10).preferring(Duration.ofMinutes(2), "mac"));
      Job other = submit();

      assertThat(ids(claim("pi", 1))).containsExactly(other.id());
    }
  }

  @Nested
  class ConcurrencyGroups {
    @Test
    void aGroupWithLimitOneRunsOneJobAtATime() {
      Job first = submit(aJob().inGroup("transcode", 1));
      Job second = submit(aJob().inGroup("transcode", 1));

      Job running = claimOne("w1");
      assertThat(running.id()).isEqualTo(first.id());
      assertThat(claim("w2", 10)).isEmpty();
      assertThat(store.runningInGroup("transcode")).isEqualTo(1);

      finish(running, new JobEvent.Exited(0));
      assertThat(store.runningInGroup("transcode")).isZero();
      assertThat(ids(claim("w2", 10))).containsExactly(second.id());
    }

    @Test
    void oneClaimCountsTheGroupsJobsItLeasesItself() {
      for (int i = 0; i < 5; i++) {
        submit(aJob().inGroup("transcode", 2));
      }

      assertThat(claim("w1", 10)).hasSize(2);
      assertThat(claim("w1", 10)).isEmpty();
    }

    @Test
    void aFullGroupDoesNotHoldBackOtherJobs() {
      submit(aJob().withPriority(5).inGroup("transcode", 1));
      submit(aJob().withPriority(5).inGroup("transcode", 1));
      submit(aJob().withPriority(5).inGroup("transcode", 1));
      Job other = submit();
      claimOne("w1");

      assertThat(ids(claim("w2", 1))).containsExactly(other.id());
    }

    @Test
    void groupsAreIndependent() {
      Job a = submit(aJob().inGroup("transcode", 1));
      Job b = submit(aJob().inGroup("backup", 1));

      assertThat(ids(claim("w1", 10))).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void aRequeuedJobFreesItsPlaceInTheGroup() {
      Job first = submit(aJob().inGroup("transcode", 1).withRetries(1));
      Job second = submit(aJob().inGroup("transcode", 1));
      Job running = claimOne("w1");

      Job requeued = expire(running);

      assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
      assertThat(ids(claim("w2", 1))).containsExactly(first.id());
      assertThat(claim("w2", 1)).isEmpty();
      assertThat(second.state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void concurrentClaimsNeverRunMoreThanTheGroupLimit() throws Exception {
      int limit = 2;
      int jobs = 120;
      for (int i = 0; i < jobs; i++) {
        submit(i % 3 == 0 ? aJob() : aJob().inGroup("transcode", limit));
      }
      java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger mostHeld = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger mostCounted = new java.util.concurrent.atomic.AtomicInteger();

      List<Integer> perThread = concurrently(8, () -> {
        String worker = "w-" + Thread.currentThread().threadId();
        int done = 0;
        int idle = 0;
        while (idle < 50) {
          List<Job> got = claim(worker, 2);
          if (got.isEmpty()) {
            idle++;
            Thread.onSpinWait();
            continue;
          }
          idle = 0;
          for (Job job : got) {
            if (job.spec().group() != null) {
              mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
              mostCounted.accumulateAndGet(store.runningInGroup("transcode"), Math::max);
            }
          }
          for (Job job : got) {
            if (job.spec().group() != null) {
              held.decrementAndGet();
            }
            assertThat(finish(job, new JobEvent.Exited(0)).outcome()).isEqualTo(Fenced.ACCEPTED);
            done++;
          }
        }
        return done;
      });

      assertThat(perThread.stream().mapToInt(Integer::intValue).sum()).isEqualTo(jobs);
      assertThat(mostHeld.get()).isBetween(1, limit);
      assertThat(mostCounted.get()).isBetween(1, limit);
    }
  }

  @Nested
  class Dependencies {
    @Test
    void aJobRunsOnlyOnceItsDependencySucceeded() {
      Job first = submit();
      Job second = submit(aJob().after(first.id()));

      Job running = claimOne("w1");
      assertThat(running.id()).isEqualTo(first.id());
      assertThat(claim("w1", 10)).isEmpty();

      finish(running, new JobEvent.Exited(0));
      assertThat(ids(claim("w1", 10))).containsExactly(second.id());
    }

    @Test
    void aJobWaitsForEveryDependency() {
      Job a = submit();
      Job b = submit();
      Job last = submit(aJob().after(a.id(), b.id()));
      List<Job> both = claim("w1", 2);

      finish(both.get(0), new JobEvent.Exited(0));
      assertThat(claim("w1", 10)).isEmpty();
      finish(both.get(1), new JobEvent.Exited(0));
      assertThat(ids(claim("w1", 10))).containsExactly(last.id());
    }

    @Test
    void aFailedDependencyFailsTheWholeChainWithoutRunningIt() {
      Job a = submit(aJob().withRetries(0));
      Job b = submit(aJob().after(a.id()));
      Job c = submit(aJob().after(b.id()));
      advance(Duration.ofSeconds(1));

      finish(claimOne("w1"), new JobEvent.Exited(3));

      for (Job dependent : List.of(job(b.id()), job(c.id()))) {
        assertThat(dependent.state()).isEqualTo(JobState.FAILED);
        assertThat(dependent.reason()).isEqualTo(EndReason.DEPENDENCY_FAILED);
        assertThat(dependent.attempt()).isZero();
        assertThat(dependent.finishedAt()).isEqualTo(now);
        assertThat(store.attempts(dependent.id())).isEmpty();
        assertThat(eventTypes(dependent.id())).containsExactly("submitted", "failed");
      }
      assertThat(job(b.id()).message()).isEqualTo("job " + a.id() + " it waited for failed");
      assertThat(job(c.id()).message()).isEqualTo("job " + b.id() + " it waited for failed");
      assertThat(claim("w1", 10)).isEmpty();
    }

    @Test
    void aCancelledDependencyFailsItsDependents() {
      Job a = submit();
      Job b = submit(aJob().after(a.id()));

      store.requestCancel(a.id(), now);

      assertThat(job(b.id()).reason()).isEqualTo(EndReason.DEPENDENCY_FAILED);
      assertThat(job(b.id()).message()).contains("was cancelled");
    }

    @Test
    void aDependencyLostForGoodFailsItsDependents() {
      Job a = submit(aJob().withRetries(0));
      Job b = submit(aJob().after(a.id()));

      expire(claimOne("w1"));

      assertThat(job(a.id()).reason()).isEqualTo(EndReason.LOST);
      assertThat(job(b.id()).state()).isEqualTo(JobState.FAILED);
      assertThat(job(b.id()).reason()).isEqualTo(EndReason.DEPENDENCY_FAILED);
    }

    @Test
    void aRetriedDependencyKeepsItsDependentsWaiting() {
      Job a = submit(aJob().withRetries(1).withRetryExitCodes(75).withRetryBackoff(Duration.ZERO));
      Job b = submit(aJob().after(a.id()));

      finish(claimOne("w1"), new JobEvent.Exited(75));

      assertThat(job(b.id()).state()).isEqualTo(JobState.QUEUED);
      finish(claimOne("w1"), new JobEvent.Exited(0));
      assertThat(ids(claim("w1", 10))).containsExactly(b.id());
    }

    @Test
    void aJobAfterAnAlreadySucceededJobRunsAtOnce() {
      Job a = submit();
      finish(claimOne("w1"), new JobEvent.Exited(0));

      Job b = submit(aJob().after(a.id()));

      assertThat(ids(claim("w1", 10))).containsExactly(b.id());
    }

    @Test
    void aJobAfterAnAlreadyFailedJobEndsAtOnce() {
      Job a = submit();
      store.requestCancel(a.id(), now);

      SubmitResult result = store.submit(aJob().after(a.id()).at(now).build());

      assertThat(result.status()).isEqualTo(SubmitResult.Status.CREATED);
      assertThat(result.job().state()).isEqualTo(JobState.FAILED);
      assertThat(result.job().reason()).isEqualTo(EndReason.DEPENDENCY_FAILED);
      assertThat(job(result.job().id())).isEqualTo(result.job());
    }

    @Test
    void anUnknownDependencyIsRefusedAndNothingIsStored() {
      Job a = submit();
      String unknown = io.relayq.core.JobIds.next();

      assertThatThrownBy(() -> store.submit(aJob().after(a.id(), unknown).at(now).build()))
          .isInstanceOf(io.relayq.store.UnknownDependencyException.class)
          .hasMessageContaining(unknown)
          .satisfies(e -> assertThat(((io.relayq.store.UnknownDependencyException) e).ids()).containsExactly(unknown));
      assertThat(store.listJobs(JobQuery.all(10)).jobs()).extracting(Job::id).containsExactly(a.id());
    }

    @Test
    void pruningAFinishedDependencyLeavesItsDependentsRunnable() {
      Job a = submit();
      finish(claimOne("w1"), new JobEvent.Exited(0));
      Job b = submit(aJob().after(a.id()));
      advance(Duration.ofDays(1));

      assertThat(store.pruneFinished(now, 100)).isEqualTo(1);

      assertThat(store.findJob(a.id())).isEmpty();
      assertThat(ids(claim("w1", 10))).containsExactly(b.id());
      assertThatThrownBy(() -> store.submit(aJob().after(a.id()).at(now).build()))
          .isInstanceOf(io.relayq.store.UnknownDependencyException.class);
    }

    @Test
    void pruningADependentLeavesItsDependencyAlone() {
      Job a = submit();
      Job b = submit(aJob().after(a.id()));
      store.requestCancel(b.id(), now);
      advance(Duration.ofDays(1));

      assertThat(store.pruneFinished(now, 100)).isEqualTo(1);

      assertThat(store.findJob(b.id())).isEmpty();
      finish(claimOne("w1"), new JobEvent.Exited(0));
      assertThat(job(a.id()).state()).isEqualTo(JobState.SUCCEEDED);
    }
  }

  @Nested
  class Tokens {
    private NewToken token(String name, TokenRole role) {
      return new NewToken(name, role, TokenHash.of(ApiTokens.generate()), now);
    }

    @Test
    void aTokenIsFoundByItsHashWithItsNameAndRole() {
      NewToken ci = token("ci", TokenRole.SUBMIT);
      store.createToken(ci);

      TokenRecord found = store.findToken(ci.hash()).orElseThrow();

      assertThat(found.name()).isEqualTo("ci");
      assertThat(found.role()).isEqualTo(TokenRole.SUBMIT);
      assertThat(found.hash()).isEqualTo(ci.hash());
      assertThat(found.createdAt()).isEqualTo(now);
      assertThat(found.lastUsedAt()).isNull();
      assertThat(found.revoked()).isFalse();
      assertThat(store.findToken(TokenHash.of("rq_unknown"))).isEmpty();
    }

    @Test
    void aNameInUseIsRefusedAndChangesNothing() {
      NewToken first = token("ci", TokenRole.SUBMIT);
      store.createToken(first);
      NewToken second = token("ci", TokenRole.ADMIN);

      assertThatThrownBy(() -> store.createToken(second)).isInstanceOf(TokenNameTakenException.class)
          .hasMessageContaining("'ci'");

      assertThat(store.findToken(second.hash())).isEmpty();
      assertThat(store.listTokens()).extracting(TokenRecord::name, TokenRecord::role)
          .containsExactly(tuple("ci", TokenRole.SUBMIT));
    }

    @Test
    void aRevokedTokenStaysListedAndItsNameMayBeUsedAgain() {
      NewToken old = token("ci", TokenRole.SUBMIT);
      store.createToken(old);
      advance(Duration.ofSeconds(5));

      assertThat(store.revokeToken("ci", now)).isTrue();
      assertThat(store.revokeToken("ci", now)).as("nothing left to revoke").isFalse();
      assertThat(store.revokeToken("nobody", now)).isFalse();
      assertThat(store.findToken(old.hash()).orElseThrow().revokedAt()).isEqualTo(now);

      advance(Duration.ofSeconds(1));
      NewToken renewed = token("ci", TokenRole.READ);
      store.createToken(renewed);
      assertThat(store.listTokens()).extracting(TokenRecord::hash, TokenRecord::revoked)
          .containsExactly(tuple(old.hash(), true), tuple(renewed.hash(), false));
    }

    @Test
    void useIsRecordedOnTheTokenUsed() {
      NewToken a = token("a", TokenRole.READ);
      NewToken b = token("b", TokenRole.WORKER);
      store.createToken(a);
      store.createToken(b);
      advance(Duration.ofMinutes(3));

      store.touchToken(a.hash(), now);
      store.touchToken(TokenHash.of("rq_unknown"), now);

      assertThat(store.findToken(a.hash()).orElseThrow().lastUsedAt()).isEqualTo(now);
      assertThat(store.findToken(b.hash()).orElseThrow().lastUsedAt()).isNull();
    }

    @Test
    void aWorkerNameBelongsToTheTokenThatRegisteredItWhileThatTokenIsValid() {
      store.createToken(token("w-a", TokenRole.WORKER));
      store.createToken(token("w-b", TokenRole.WORKER));
      store.registerWorker(aWorker("mini").withToken("w-a").at(now).build(), LIVE_WITHIN);
      store.markWorker("mini", "inc-1", false, true, now);

      assertThatThrownBy(() -> store.registerWorker(
          aWorker("mini").withIncarnation("inc-2").withToken("w-b").at(now).build(), LIVE_WITHIN))
          .isInstanceOf(WorkerNameOwnedException.class).hasMessageContaining("mini");
      assertThat(worker("mini").incarnation()).isEqualTo("inc-1");
      assertThat(worker("mini").tokenName()).isEqualTo("w-a");

      RegisterResult again = store.registerWorker(
          aWorker("mini").withIncarnation("inc-3").withToken("w-a").at(now).build(), LIVE_WITHIN);
      assertThat(again.worker().tokenName()).isEqualTo("w-a");
    }

    @Test
    void anAdminsRegistrationKeepsTheOwnerAndARevokedOwnerFreesTheName() {
      store.createToken(token("w-a", TokenRole.WORKER));
      store.createToken(token("w-b", TokenRole.WORKER));
      store.registerWorker(aWorker("mini").withToken("w-a").at(now).build(), LIVE_WITHIN);

      RegisterResult byAdmin = store.registerWorker(aWorker("mini").withIncarnation("inc-2").at(now).build(), LIVE_WITHIN);
      assertThat(byAdmin.worker().tokenName()).isEqualTo("w-a");

      store.revokeToken("w-a", now);
      RegisterResult taken = store.registerWorker(
          aWorker("mini").withIncarnation("inc-3").withToken("w-b").at(now).build(), LIVE_WITHIN);
      assertThat(taken.worker().tokenName()).isEqualTo("w-b");
    }

    @Test
    void aJobKeepsTheNameOfTheTokenThatSubmittedItThroughItsLife() {
      Job submitted = submit(aJob().submittedBy("ci"));
      assertThat(submitted.submittedBy()).isEqualTo("ci");
      Job leased = claimOne("w1");
      assertThat(leased.submittedBy()).isEqualTo("ci");
      Job done = finish(leased, new JobEvent.Exited(0)).job();
      assertThat(done.submittedBy()).isEqualTo("ci");
      assertThat(job(submitted.id()).submittedBy()).isEqualTo("ci");
      assertThat(submit().submittedBy()).isNull();
    }

    @Test
    void listingMayBeLimitedToTheJobsOfOneSubmitter() {
      Job ci1 = submit(aJob().submittedBy("ci"));
      submit(aJob().submittedBy("anna"));
      Job ci2 = submit(aJob().submittedBy("ci"));
      submit();

      JobPage first = store.listJobs(new JobQuery(null, null, null, 1, null).submittedBy("ci"));
      assertThat(ids(first.jobs())).containsExactly(ci2.id());
      JobPage second = store.listJobs(new JobQuery(null, null, null, 1, first.nextCursor()).submittedBy("ci"));
      assertThat(ids(second.jobs())).containsExactly(ci1.id());
      assertThat(second.nextCursor()).isNull();
      assertThat(store.listJobs(JobQuery.all(10).submittedBy("nobody")).jobs()).isEmpty();
    }

    @Test
    void concurrentCreationsOfOneNameLeaveOneToken() throws Exception {
      List<Boolean> created = concurrently(8, () -> {
        try {
          store.createToken(token("race", TokenRole.SUBMIT));
          return true;
        } catch (TokenNameTakenException e) {
          return false;
        }
      });

      assertThat(created).containsOnlyOnce(true);
      assertThat(store.listTokens()).hasSize(1);
    }
  }
}
