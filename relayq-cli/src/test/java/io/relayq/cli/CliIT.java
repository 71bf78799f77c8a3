package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.JobState;
import io.relayq.core.Json;
import io.relayq.core.api.JobList;
import io.relayq.core.api.JobView;
import io.relayq.core.api.WorkerList;
import io.relayq.store.JobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import io.relayq.worker.LoadLimits;
import io.relayq.worker.WorkerAgent;
import io.relayq.worker.WorkerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real coordinator (port 0, a temp SQLite file) and a real worker agent running
 * real shells, called in-process the way a shell would call it.
 */
class CliIT {
  private static final String WORKER = "it-worker";

  @TempDir
  Path dir;

  private JobStore store;
  private Coordinator coordinator;
  private WorkerAgent agent;
  private CliRunner cli;
  private String token;

  @BeforeEach
  void startCoordinatorAndWorker() {
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    token = TokenIssuer.issue(store, "cli", TokenRole.ADMIN, Instant.now());
    String workerToken = TokenIssuer.issue(store, "worker", TokenRole.WORKER, Instant.now());
    coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system());
    agent = WorkerAgent.start(WorkerConfig.defaults(coordinator.url()).withLoadLimits(LoadLimits.OFF)
        .withToken(workerToken)
        .withName(WORKER)
        .withSlots(2)
        .withDetectLabels(false)
        // a stopping agent waits for its open long poll: keep that short so each test ends quickly
        .withPollWait(Duration.ofSeconds(1))
        .withStateDir(dir.resolve("worker")));
    cli = new CliRunner(Map.of("HOME", dir.resolve("home").toString(), "RELAYQ_SERVER", coordinator.url().toString(),
        "RELAYQ_TOKEN", token));
  }

  @AfterEach
  void stopEverything() {
    agent.close();
    coordinator.close();
    store.close();
  }

  @Test
  void runPrintsTheJobsOutputAndExitsZero() {
    CliRunner.Result r = cli.run("run", "--", "echo", "SUCCESS");
    assertThat(r.out()).isEqualTo("SUCCESS\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void runKeepsStdoutAndStderrApartAndExitsWithTheJobsCode() {
    CliRunner.Result r = cli.run("run", "--", "echo out; echo err >&2; exit 3");
    assertThat(r.out()).isEqualTo("out\n");
    assertThat(r.err()).isEqualTo("err\n");
    assertThat(r.exitCode()).isEqualTo(3);
  }

  @Test
  void severalWordsKeepTheirBoundariesOnTheWorker() {
    CliRunner.Result r = cli.run("run", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.out()).isEqualTo("out\n");
    assertThat(r.err()).isEqualTo("err\n");
    assertThat(r.exitCode()).isEqualTo(3);
  }

  @Test
  void aRetriedJobSaysWhichAttemptRunsAndWhy() {
    CliRunner.Result r = cli.run("run", "--retries", "1", "--", "echo try; exit 75");
    assertThat(r.out()).isEqualTo("try\ntry\n");
    assertThat(r.err()).contains("relayq: attempt 2 of 2 (attempt 1 ended: exit 75)");
    assertThat(r.exitCode()).isEqualTo(75);
  }

  @Test
  void filesGoUpWithRunAndOutputsComeBackWithFiles() throws IOException {
    Path input = java.nio.file.Files.writeString(dir.resolve("my \"clip\" 'a b'.txt"), "frames\n");
    Path out = dir.resolve("fetched");

    CliRunner.Result r = cli.run("run", "--json", "--file", input.toString(), "--collect", "out.txt", "--collect", "none",
        "--", "sh", "-c", "tr a-z A-Z < \"$1\" > out.txt", "sh", input.getFileName().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    String id = io.relayq.core.Json.mapper().readTree(r.out()).get("id").asText();

    CliRunner.Result list = cli.run("files", id);
    assertThat(list.out()).contains("input", "my \"clip\" 'a b'.txt", "output", "out.txt", "missing", "none");
    assertThat(cli.run("files", id, "--json").out()).contains("\"missing\"");
    CliRunner.Result get = cli.run("files", id, "-o", out.toString());
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(java.nio.file.Files.readString(out.resolve("out.txt"))).isEqualTo("FRAMES\n");
    assertThat(cli.run("files", id, "--get", "nope").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void aTimedOutJobExits124() {
    CliRunner.Result r = cli.run("run", "--timeout", "1s", "--", "sleep 30");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(r.err()).contains("timed out after 1s");
  }

  @Test
  void detachStatusAndCancelWorkOnOneJob() throws IOException {
    CliRunner.Result detached = cli.run("run", "--detach", "--", "sleep 30");
    assertThat(detached.exitCode()).isZero();
    String id = detached.out().strip();
    assertThat(id).matches("j_[0-9a-z]{16}");

    await().atMost(Duration.ofSeconds(10)).until(() -> status(id).state() == JobState.RUNNING);
    CliRunner.Result human = cli.run("status", id);
    assertThat(human.out()).contains(id + "  running on " + WORKER).contains("sleep 30");

    CliRunner.Result cancelled = cli.run("cancel", id);
    assertThat(cancelled.exitCode()).isZero();
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).state() == JobState.CANCELLED);

    CliRunner.Result again = cli.run("cancel", id);
    assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void detachWithJsonPrintsTheJob() throws IOException {
    CliRunner.Result r = cli.run("run", "--detach", "--json", "--", "true");
    JobView job = Json.mapper().readValue(r.out(), JobView.class);
    assertThat(job.command()).isEqualTo("true");
  }

  @Test
  void aJobNobodyCanRunStaysQueuedAndStatusSaysWhy() throws IOException {
    String id = cli.run("run", "--detach", "--label", "gpu", "--", "true").out().strip();

    assertThat(status(id).state()).isEqualTo(JobState.QUEUED);
    CliRunner.Result human = cli.run("status", id);
    assertThat(human.out()).contains("waiting").contains("gpu");
  }

  @Test
  void doctorIsHappyWithAnIdleClusterAndNamesWhyAJobCannotRun() {
    CliRunner.Result idle = cli.run("doctor", "--older-than", "0s");
    assertThat(idle.exitCode()).as(idle.err()).isZero();
    assertThat(idle.out()).contains("store healthy").contains("1 worker online: " + WORKER).contains("no problems");

    String id = cli.run("run", "--detach", "--label", "gpu", "--", "true").out().strip();
    CliRunner.Result sick = cli.run("doctor", "--older-than", "0s");
    assertThat(sick.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(sick.out()).contains(id).contains("label gpu").contains("1 problem:");

    CliRunner.Result json = cli.run("doctor", "--older-than", "0s", "--json");
    assertThat(json.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(json.out()).contains("\"healthy\" : false").contains("no_matching_worker");
  }

  @Test
  void anIdempotencyKeyReusesTheJobAndAnotherCommandWithItIsRefused() {
    CliRunner.Result first = cli.run("run", "--detach", "--key", "nightly", "--", "true");
    CliRunner.Result second = cli.run("run", "--detach", "--key", "nightly", "--", "true");
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(second.err()).contains("already exists with key 'nightly'");

    CliRunner.Result conflict = cli.run("run", "--detach", "--key", "nightly", "--", "false");
    assertThat(conflict.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(conflict.err()).contains("nightly");
  }

  @Test
  void jobsJsonIsTheJobList() throws IOException {
    String id = cli.run("run", "--detach", "--", "true").out().strip();

    CliRunner.Result r = cli.run("jobs", "--json");
    assertThat(r.exitCode()).isZero();
    JobList list = Json.mapper().readValue(r.out(), JobList.class);
    assertThat(list.jobs()).extracting(JobView::id).contains(id);
    assertThat(cli.run("jobs").out()).contains(id);
  }

  @Test
  void workersJsonListsTheWorker() throws IOException {
    CliRunner.Result r = cli.run("workers", "--json");
    assertThat(r.exitCode()).isZero();
    WorkerList list = Json.mapper().readValue(r.out(), WorkerList.class);
    assertThat(list.workers()).anySatisfy(w -> {
      assertThat(w.name()).isEqualTo(WORKER);
      assertThat(w.slots()).isEqualTo(2);
    });
    assertThat(cli.run("workers").out()).contains(WORKER).contains("0/2");
  }

  @Test
  void logsPrintsTheOutputOfAFinishedJob() {
    String id = cli.run("run", "--detach", "--", "printf 'a\\nb\\n'").out().strip();
    await().atMost(Duration.ofSeconds(10)).until(() -> status(id).state() == JobState.SUCCEEDED);

    assertThat(cli.run("logs", id).out()).isEqualTo("a\nb\n");
    assertThat(cli.run("logs", "-f", id).out()).isEqualTo("a\nb\n");
  }

  @Test
  void aBadDurationExits2() {
    assertThat(cli.run("run", "--lease", "soon", "--", "true").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void anUnreachableServerExits3AndSaysSo() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CliRunner.Result r = cli.run("jobs", "--server", "http://127.0.0.1:" + closedPort);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.err()).contains("cannot reach relayq at http://127.0.0.1:" + closedPort);
  }

  @Test
  void aCommandGivenSeveralCoordinatorsGoesOnPastOneThatIsDown() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String down = "http://127.0.0.1:" + closedPort;

    CliRunner.Result repeated = cli.run("run", "--server", down, "--server", coordinator.url().toString(), "--",
        "echo", "FAILED-OVER");
    CliRunner.Result listed = cli.withEnv("RELAYQ_SERVER", down + "," + coordinator.url()).run("workers", "--json");

    assertThat(repeated.exitCode()).as(repeated.err()).isZero();
    assertThat(repeated.out()).isEqualTo("FAILED-OVER\n");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).contains(WORKER);
  }

  @Test
  void whenNoneOfSeveralCoordinatorsAnswersTheCommandExits3NamingThemAll() throws IOException {
    int a;
    int b;
    try (ServerSocket s = new ServerSocket(0); ServerSocket t = new ServerSocket(0)) {
      a = s.getLocalPort();
      b = t.getLocalPort();
    }
    CliRunner.Result r = cli.run("jobs", "--server", "http://127.0.0.1:" + a + ",http://127.0.0.1:" + b);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.err()).contains("http://127.0.0.1:" + a + " or http://127.0.0.1:" + b);
  }

  @Test
  void anUnknownJobExits4() {
    CliRunner.Result r = cli.run("status", "j_0000000000000000");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("j_0000000000000000");
  }

  @Test
  void stoppingAWaitingRunCancelsTheJobAndExits130() throws IOException {
    StopSignal stop = StopSignal.manual();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(
        new String[] {"run", "--", "sleep 30"}, quiet(), quiet(),
        Map.of("HOME", dir.toString(), "RELAYQ_SERVER", coordinator.url().toString(), "RELAYQ_TOKEN", token), stop));
    await().atMost(Duration.ofSeconds(10)).until(() -> runningJobs() == 1);

    stop.trigger();

    assertThat(code.join()).isEqualTo(ExitCodes.INTERRUPTED);
    JobList all = Json.mapper().readValue(cli.run("jobs", "--json").out(), JobList.class);
    String id = all.jobs().get(0).id();
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).state() == JobState.CANCELLED);
  }

  @Test
  void upOnAPortInUseSaysSoAndExits1() {
    CliRunner.Result r = cli.run("up", "--port", String.valueOf(coordinator.port()), "--data", dir.resolve("up").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("port " + coordinator.port() + " on 127.0.0.1 is already in use")
        .contains("--port " + (coordinator.port() + 1));
  }

  @Test
  void upRunsUntilStoppedThenExits0() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StopSignal stop = StopSignal.manual();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(
        new String[] {"up", "--port", "0", "--data", dir.resolve("up").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), quiet(), Map.of("HOME", dir.toString()), stop));
    await().atMost(Duration.ofSeconds(20)).until(() -> out.toString(StandardCharsets.UTF_8).contains("relayq is up at"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("-- echo SUCCESS");

    // the first start left an admin token where the CLI of this user finds it, so run just works
    Path tokenFile = dir.resolve(".relayq/token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
    String adminToken = Files.readString(tokenFile).strip();
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(adminToken);
    Matcher url = Pattern.compile("relayq is up at (http://\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
    assertThat(url.find()).isTrue();
    CliRunner.Result r = new CliRunner(Map.of("HOME", dir.toString(), "RELAYQ_SERVER", url.group(1)))
        .run("run", "--", "echo", "SUCCESS");
    assertThat(r.out()).as(r.err()).isEqualTo("SUCCESS\n");
    CliRunner.Result refused = new CliRunner(Map.of("HOME", dir.resolve("elsewhere").toString(), "RELAYQ_SERVER",
        url.group(1))).run("jobs");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUTH_REFUSED);

    stop.trigger();

    assertThat(code.join()).isZero();
  }

  private JobView status(String id) throws IOException {
    return Json.mapper().readValue(cli.run("status", "--json", id).out(), JobView.class);
  }

  private long runningJobs() throws IOException {
    JobList list = Json.mapper().readValue(cli.run("jobs", "--json", "--state", "running").out(), JobList.class);
    return list.jobs().size();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
