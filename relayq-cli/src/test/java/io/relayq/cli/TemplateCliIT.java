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
import io.relayq.core.api.TemplateList;
import io.relayq.core.api.TemplateView;
import io.relayq.store.JobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import io.relayq.worker.LoadLimits;
import io.relayq.worker.WorkerAgent;
import io.relayq.worker.WorkerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code relayq run --template} and {@code relayq templates} against a real coordinator whose
 * templates come from a config file, and a real worker running the expanded argv.
 */
class TemplateCliIT {
  private static final String HOSTILE = "a'; rm -rf ~; '.mp4";
  private static final String CONFIG = """
      templates:
        bracket:
          description: Each value in brackets, one per line
          argv: [printf, "[%s]\\n", "{first}", "{rest}", "n={count}"]
          params:
            first: {type: string, required: true, description: the first line}
            rest: {type: list}
            count: {type: int, default: 1, min: 0, max: 9}
          timeout: 1m
          retries: 0
      """;

  @TempDir
  Path dir;

  private JobStore store;
  private Coordinator coordinator;
  private WorkerAgent agent;
  private CliRunner cli;

  @BeforeEach
  void start() {
    CliConfig config = ConfigLoader.parse(CONFIG, "config.yml");
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    String token = TokenIssuer.issue(store, "cli", TokenRole.ADMIN, Instant.now());
    String workerToken = TokenIssuer.issue(store, "worker", TokenRole.WORKER, Instant.now());
    coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0)
        .withTemplates(ConfigLoader.templates(config, "config.yml")), store, InstantSource.system());
    agent = WorkerAgent.start(WorkerConfig.defaults(coordinator.url()).withLoadLimits(LoadLimits.OFF)
        .withToken(workerToken)
        .withName("tpl-worker")
        .withDetectLabels(false)
        .withPollWait(Duration.ofSeconds(1))
        .withStateDir(dir.resolve("worker")));
    cli = new CliRunner(Map.of("HOME", dir.resolve("home").toString(), "RELAYQ_SERVER", coordinator.url().toString(),
        "RELAYQ_TOKEN", token));
  }

  @AfterEach
  void stop() {
    agent.close();
    coordinator.close();
    store.close();
  }

  @Test
  void aTemplateJobRunsItsArgvAndStatusShowsTheTemplateAndItsValues() throws IOException {
    CliRunner.Result r = cli.run("run", "--json", "--template", "bracket", "--param", "first=" + HOSTILE,
        "--param", "rest=b c", "--param", "rest=$(id)", "--param", "count=3");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JobView job = Json.mapper().readValue(r.out(), JobView.class);
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.spec().argv()).containsExactly("printf", "[%s]\n", HOSTILE, "b c", "$(id)", "n=3");
    assertThat(job.spec().template().name()).isEqualTo("bracket");
    assertThat(job.spec().template().params())
        .isEqualTo(Map.of("first", HOSTILE, "rest", List.of("b c", "$(id)"), "count", 3));
    assertThat(job.spec().maxAttempts()).isEqualTo(1);
    assertThat(cli.run("logs", job.id()).out()).isEqualTo("[" + HOSTILE + "]\n[b c]\n[$(id)]\n[n=3]\n");
    assertThat(cli.run("status", job.id()).out())
        .contains("template  bracket first='a'\\''; rm -rf ~; '\\''.mp4' rest=['b c', '$(id)'] count=3");
  }

  @Test
  void runWithATemplateStreamsTheOutputAndExitsWithTheJobsCode() {
    CliRunner.Result r = cli.run("run", "--template", "bracket", "--param", "first=one");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("[one]\n[n=1]\n");
  }

  @Test
  void templatesListsTheBuiltInAndConfiguredOnesWithTheirParameters() throws IOException {
    CliRunner.Result text = cli.run("templates");
    TemplateList json = Json.mapper().readValue(cli.run("templates", "--json").out(), TemplateList.class);
    TemplateView one = Json.mapper().readValue(cli.run("templates", "transcode", "--json").out(), TemplateView.class);

    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("bracket (config)  Each value in brackets", "runs:     printf",
        "count", "int 0..9", "transcode (builtin)", "labels has:ffmpeg, timeout 12h", "(required)");
    assertThat(text.out().lines().filter(l -> l.strip().startsWith("count")))
        .singleElement().asString().matches("\\s+count\\s+int 0\\.\\.9\\s+1\\s+-");
    assertThat(json.templates()).extracting(TemplateView::name).containsExactly("bracket", "transcode", "transcribe");
    assertThat(one.labels()).containsExactly("has:ffmpeg");
    assertThat(cli.run("templates", "nope").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void badTemplateRunsExit2WithAMessageAndSubmitNothing() throws IOException {
    assertUsage(cli.run("run", "--template", "nope"), "no template named 'nope' (known: bracket, transcode, transcribe)",
        "relayq templates");
    assertUsage(cli.run("run", "--template", "bracket"), "template 'bracket' needs parameter 'first' (string: the first line)");
    assertUsage(cli.run("run", "--template", "bracket", "--param", "first=x", "--param", "frist=y"),
        "template 'bracket' has no parameter 'frist' (its parameters: first, rest, count)");
    assertUsage(cli.run("run", "--template", "bracket", "--param", "first=x", "--param", "count=many"),
        "parameter 'count' of template 'bracket': expected an integer, got \"many\"");
    assertUsage(cli.run("run", "--template", "bracket", "--param", "first=x", "--param", "count=10"),
        "10 is out of range 0..9");
    assertUsage(cli.run("run", "--template", "transcode", "--param", "input=-y", "--param", "output=b.mp4"),
        "starts with '-'");
    assertUsage(cli.run("run", "--template", "bracket", "--param", "first=x", "--param", "first=y"),
        "--param first is given twice");
    assertUsage(cli.run("run", "--template", "bracket", "--param", "first"), "expected NAME=VALUE");
    assertUsage(cli.run("run", "--template", "bracket", "--param", "first=x", "--", "echo", "hi"),
        "give either --template or COMMAND, not both");
    assertUsage(cli.run("run", "--param", "first=x", "--", "echo"), "give --template NAME too");
    assertUsage(cli.run("run"), "COMMAND is missing");

    JobList jobs = Json.mapper().readValue(cli.run("jobs", "--json").out(), JobList.class);
    assertThat(jobs.jobs()).isEmpty();
  }

  @Test
  void upOffersTheTemplatesOfItsConfigFile() throws IOException {
    Path config = Files.writeString(dir.resolve("config.yml"), CONFIG);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StopSignal stop = StopSignal.manual();
    Map<String, String> env = Map.of("HOME", dir.toString(), "RELAYQ_CONFIG", config.toString());
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(
        new String[] {"up", "--port", "0", "--data", dir.resolve("up").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), quiet(), env, stop));
    Pattern url = Pattern.compile("relayq is up at (http://[0-9.:]+[0-9])");
    await().atMost(Duration.ofSeconds(30)).until(() -> url.matcher(out.toString(StandardCharsets.UTF_8)).find());
    Matcher m = url.matcher(out.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    CliRunner local = new CliRunner(env).withEnv("RELAYQ_SERVER", m.group(1));
    try {
      CliRunner.Result r = local.run("run", "--template", "bracket", "--param", "first=" + HOSTILE);

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("[" + HOSTILE + "]\n[n=1]\n");
    } finally {
      stop.trigger();
    }
    assertThat(code.join()).isZero();
  }

  private static void assertUsage(CliRunner.Result r, String... message) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(message);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
