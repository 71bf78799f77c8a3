package io.relayq.clients.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relayq.client.AwaitTimeoutException;
import io.relayq.client.BadRequestException;
import io.relayq.client.EventSubscription;
import io.relayq.client.JobHandle;
import io.relayq.client.NotFoundException;
import io.relayq.client.Relayq;
import io.relayq.client.UnreachableException;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.OutputChannel;
import io.relayq.core.RecordedEvent;
import io.relayq.core.TemplateUse;
import io.relayq.core.api.JobView;
import io.relayq.core.api.TemplateView;
import io.relayq.core.api.WorkerView;
import io.relayq.core.template.ParamType;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fluent Java client against a real coordinator and a worker running real processes. */
class RelayqFluentIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String WORKER = "java-client-worker";

  @TempDir
  static Path dir;
  static LiveCluster cluster;
  static Relayq relayq;

  @BeforeAll
  static void start() {
    cluster = LiveCluster.start(dir, WORKER, List.of("mac", "has:ffmpeg"));
    relayq = Relayq.connect(cluster.url(), cluster.submitToken());
  }

  @AfterAll
  static void stop() {
    relayq.close();
    cluster.close();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void aCommandRunsAndAwaitReturnsTheFinishedJobWithItsOutput() {
    JobHandle job = relayq.job("echo SUCCESS").submit();

    JobView done = job.await(WAIT);

    assertThat(job.created()).isTrue();
    assertThat(done.id()).isEqualTo(job.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.exitCode()).isZero();
    assertThat(done.attempts()).hasSize(1);
    assertThat(text(job.output())).isEqualTo("SUCCESS\n");
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aTemplateJobRunsTheArgvTheCoordinatorBuildsFromTypedParams() {
    String hostile = "a'; rm -rf ~; '.mp4";
    JobHandle job = relayq.template("bracket").param("first", hostile).param("rest", List.of("b c", "$(id)"))
        .param("count", 3).submit();

    JobView done = job.await(WAIT);

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(text(job.output())).isEqualTo("[" + hostile + "]\n[b c]\n[$(id)]\n[n=3]\n");
    assertThat(done.spec().argv()).containsExactly("printf", "[%s]\n", hostile, "b c", "$(id)", "n=3");
    assertThat(done.spec().template())
        .isEqualTo(new TemplateUse("bracket", Map.of("first", hostile, "rest", List.of("b c", "$(id)"), "count", 3)));
    assertThat(done.spec().maxAttempts()).as("the template's retries: 0").isEqualTo(1);
  }

  @Test
  void transcodeGetsItsLabelAndTimeoutFromTheTemplateAndTheJobsOwnSettingsWin() {
    JobHandle job = relayq.template("transcode").param("input", "in.mov").param("output", "out.mp4")
        .param("options", List.of("-c:v", "libx264")).label("mac").delay(Duration.ofHours(1)).submit();

    JobView queued = job.view();
    JobView own = relayq.template("transcode").param("input", "in.mov").param("output", "out.mp4")
        .timeout(Duration.ofMinutes(5)).delay(Duration.ofHours(1)).submit().view();

    assertThat(queued.spec().argv()).containsExactly("ffmpeg", "-nostdin", "-i", "in.mov", "-c:v", "libx264", "out.mp4");
    assertThat(queued.spec().labels()).containsExactly("has:ffmpeg", "mac");
    assertThat(queued.spec().timeout()).isEqualTo(Duration.ofHours(12));
    assertThat(own.spec().timeout()).isEqualTo(Duration.ofMinutes(5));
    job.cancel();
    relayq.handle(own.id()).cancel();
  }

  @Test
  void badTemplateJobsAreRefusedWithACodeThatSaysWhy() {
    assertThatThrownBy(() -> relayq.template("bracket").submit())
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("missing_param"))
        .hasMessageContaining("needs parameter 'first'");
    assertThatThrownBy(() -> relayq.template("bracket").param("first", "x").param("count", "3").submit())
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid_param"))
        .hasMessageContaining("expected an integer, got \"3\"");
    assertThatThrownBy(() -> relayq.template("bracket").param("first", "x").param("frist", "y").submit())
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("unknown_param"));
    assertThatThrownBy(() -> relayq.template("brackets").submit())
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("unknown_template"))
        .hasMessageContaining("bracket, transcode, transcribe");
    assertThatThrownBy(() -> relayq.job("true").param("first", "x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void templatesAreListedWithTheirParameters() {
    List<TemplateView> templates = relayq.templates();

    assertThat(templates).extracting(TemplateView::name).containsExactly("bracket", "transcode", "transcribe");
    TemplateView transcode = templates.get(1);
    assertThat(transcode.params().get("input").type()).isEqualTo(ParamType.PATH);
    assertThat(transcode.params().get("input").isRequired()).isTrue();
    assertThat(transcode.labels()).containsExactly("has:ffmpeg");
    assertThat(templates.get(0).params().get("count").defaultValue()).isEqualTo(1);
  }

  @Test
  void aFailingJobIsReturnedFailedWithItsExitCodeAndStderr() {
    JobHandle job = relayq.job("echo doing; echo 'no such file: in.mp4' >&2; exit 3").retries(0).submit();

    JobView done = job.await(WAIT);

    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(done.reason()).isEqualTo(EndReason.EXIT);
    assertThat(text(job.stderr())).isEqualTo("no such file: in.mp4\n");
    assertThat(text(job.output())).isEqualTo("doing\n");
  }

  @Test
  void argvElementsReachTheProgramWholeWithoutAShell() {
    String hostile = "a'; rm -rf ~; '.mp4";

    JobHandle job = relayq.argv("printf", "%s|", hostile, "$HOME", "*").submit();

    assertThat(job.await(WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(text(job.output())).isEqualTo(hostile + "|$HOME|*|");
    assertThat(job.view().spec().argv()).containsExactly("printf", "%s|", hostile, "$HOME", "*");
  }

  @Test
  void envWorkingDirectoryStdinAndMetadataReachTheJob(@TempDir Path cwd) throws Exception {
    JobHandle job = relayq.job("echo \"$GREETING\"; pwd; cat")
        .env("GREETING", "hello there").cwd(cwd.toString()).stdin("from stdin\n").metadata("ticket", "OPS-42")
        .priority(7).timeout(Duration.ofMinutes(2))
        .submit();

    assertThat(job.await(WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(text(job.output())).isEqualTo("hello there\n" + cwd.toRealPath() + "\nfrom stdin\n");
    JobView view = job.view();
    assertThat(view.spec().metadata()).containsEntry("ticket", "OPS-42");
    assertThat(view.spec().priority()).isEqualTo(7);
    assertThat(view.spec().timeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aJobForANamedWorkerOrItsLabelsRunsThere() {
    JobView byName = relayq.job("true").on(WORKER).submit().await(WAIT);
    JobView byLabels = relayq.job("true").label("mac", "has:ffmpeg").submit().await(WAIT);

    assertThat(byName.worker()).isEqualTo(WORKER);
    assertThat(byLabels.worker()).isEqualTo(WORKER);
    assertThat(byLabels.spec().labels()).containsExactly("has:ffmpeg", "mac");
  }

  @Test
  void awaitGivesUpNamingTheJobItsStateAndWhyItWaits() {
    JobHandle job = relayq.job("true").label("has:gpu").submit();

    assertThatThrownBy(() -> job.await(Duration.ofMillis(300)))
        .isInstanceOfSatisfying(AwaitTimeoutException.class, e -> {
          assertThat(e.jobId()).isEqualTo(job.id());
          assertThat(e.state()).isEqualTo(JobState.QUEUED);
          assertThat(e.job().waiting()).contains("has:gpu");
          assertThat(e).hasMessageStartingWith("job " + job.id() + " is still queued after 300 ms: "
              + e.job().waiting());
        });

    assertThat(job.cancel().state()).isEqualTo(JobState.CANCELLED);
    assertThat(job.await(Duration.ZERO).state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void cancellingARunningJobKillsItAndItEndsCancelled() {
    JobHandle job = relayq.job("echo started; sleep 60").submit();
    await().atMost(WAIT).until(() -> text(job.output()).equals("started\n"));

    JobView requested = job.cancel();
    JobView done = job.await(WAIT);

    assertThat(requested.cancelRequested()).isTrue();
    assertThat(done.state()).isEqualTo(JobState.CANCELLED);
    assertThat(done.reason()).isEqualTo(EndReason.CANCELLED);
  }

  @Test
  void streamOutputDeliversBothStreamsAsTheyArriveAndReturnsTheFinalJob() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JobHandle job = relayq.job("echo one; echo two >&2; echo three").submit();

    JobView done = job.streamOutput((attempt, stream, seq, data) ->
        (stream == OutputChannel.STDOUT ? out : err).writeBytes(data));

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\nthree\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("two\n");
  }

  @Test
  void theSameIdempotencyKeyGivesBackTheSameJob() {
    String key = "nightly-" + System.nanoTime();
    JobHandle first = relayq.job("echo once").key(key).submit();
    JobHandle again = relayq.job("echo once").key(key).submit();

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
  }

  @Test
  void aHandleOnAnUnknownJobFailsOnFirstUseWithNotFound() {
    JobHandle missing = relayq.handle("j_0000000000000000");

    assertThatThrownBy(missing::state).isInstanceOf(NotFoundException.class);
  }

  @Test
  void workersAreListedWithTheirLabelsAndSlots() {
    List<WorkerView> workers = relayq.workers();

    assertThat(workers).filteredOn(w -> w.name().equals(WORKER)).singleElement().satisfies(w -> {
      assertThat(w.status()).isEqualTo("online");
      assertThat(w.labels()).contains("mac", "has:ffmpeg");
      assertThat(w.slots()).isEqualTo(4);
    });
  }

  @Test
  void anEventSubscriptionSeesAJobFromSubmitToSuccessAndCanBeResumed() {
    List<RecordedEvent> live = new CopyOnWriteArrayList<>();
    JobHandle job;
    long resumeAfter;
    try (EventSubscription events = relayq.events(live::add)) {
      job = relayq.job("true").submit();
      job.await(WAIT);
      await().atMost(WAIT).until(() -> types(live, job.id()).contains("succeeded"));
      resumeAfter = live.stream().filter(e -> e.jobId().equals(job.id())).mapToLong(RecordedEvent::seq).min()
          .orElseThrow() - 1;
      assertThat(events.isOpen()).isTrue();
    }
    assertThat(types(live, job.id())).containsExactly("submitted", "leased", "succeeded");

    List<RecordedEvent> replayed = new CopyOnWriteArrayList<>();
    try (EventSubscription events = relayq.events(resumeAfter, replayed::add)) {
      await().atMost(WAIT).until(() -> types(replayed, job.id()).size() == 3);
    }
    assertThat(replayed.get(0).jobId()).isEqualTo(job.id());
  }

  private static List<String> types(List<RecordedEvent> events, String jobId) {
    return events.stream().filter(e -> e.jobId().equals(jobId)).map(RecordedEvent::type).toList();
  }

  @Test
  void aCoordinatorThatDoesNotAnswerIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (Relayq nowhere = Relayq.connect(URI.create("http://127.0.0.1:" + port))) {
      assertThatThrownBy(() -> nowhere.job("true").submit())
          .isInstanceOf(UnreachableException.class)
          .hasMessageContaining("connection refused");
    }
  }
}
