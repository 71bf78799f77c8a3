package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.client.RelayqClient;
import io.relayq.client.ServerUnavailableException;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.Json;
import io.relayq.it.PostgresSchema;
import io.relayq.store.postgres.PostgresJobStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code relayq server --db} whose connection to PostgreSQL goes through a proxy the test cuts
 * (every connection closed, new ones closed at once) while a worker runs jobs. Meanwhile API calls
 * get 503 {@code store_unavailable} with a message and change nothing, {@code /readyz} turns red,
 * {@code /healthz} stays green, and the worker keeps running its jobs and spools their results.
 * Once the proxy lets connections through again everything recovers by itself: every job
 * submitted before the cut succeeds exactly once, with its output.
 */
@Tag("chaos")
class DatabaseLossIT {
  private static final int JOBS = 8;
  private static final int SLOTS = 4;
  @RegisterExtension final LogsOnFailure logs = new LogsOnFailure();
  @TempDir Path dir;
  private PostgresSchema schema;
  private PartitionProxy proxy;
  private CoordinatorNode coordinator;
  private WorkerNode worker;
  private RelayqClient client;
  private PostgresJobStore store;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    schema = PostgresSchema.create();
    proxy = PartitionProxy.toPort(schema.serverPort());
    coordinator = CoordinatorNode.onDatabase(dir, "coordinator", schema.urlThrough(proxy.port()));
    logs.watch(coordinator::jvm);
    worker = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "w1", "--slots", Integer.toString(SLOTS));
    logs.watch(worker::jvm);
    client = RelayqClient.connect(coordinator.url(), coordinator.adminToken());
    store = schema.open();
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
    if (proxy != null) {
      proxy.close();
    }
    if (store != null) {
      store.close();
    }
    if (schema != null) {
      schema.close();
    }
    http.close();
  }

  @Test
  void losingTheDatabaseAnswers503AndEverythingRecoversByItself() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      // a lease far longer than the outage: the worker keeps running its jobs meanwhile
      ids.add(client.submit(JobSubmission.builder().command("sleep 3; echo done-" + i).lease("5m").key("before-" + i)
          .build()).job().id());
    }
    await("the worker runs jobs").atMost(Duration.ofSeconds(60))
        .until(() -> client.jobs(JobState.RUNNING, null, null, 0, null).jobs().size() == SLOTS);

    Instant cutAt = Instant.now();
    proxy.cut();

    assertThatThrownBy(() -> client.submit(JobSubmission.builder().command("true").key("during-cut").build()))
        .isInstanceOfSatisfying(ServerUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("store_unavailable");
        })
        .hasMessageContaining("the store cannot answer now, nothing was changed");
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonNode error = Json.mapper().readTree(ready.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("store_unavailable");
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(get("/healthz").statusCode()).as("the process itself is alive").isEqualTo(200);
    await("the worker spooled the results of the jobs it was running").atMost(Duration.ofSeconds(60))
        .until(() -> spooledResults() >= SLOTS);
    assertThat(worker.jvm().isAlive()).isTrue();

    proxy.restore();
    await("/readyz green again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> get("/readyz").statusCode() == 200);
    Duration outage = Duration.between(cutAt, Instant.now());
    await("every job submitted before the cut succeeded").atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ids.stream().allMatch(id -> store.findJob(id).orElseThrow().state() == JobState.SUCCEEDED));

    Outcomes.read(store, ids).assertEachSucceededExactlyOnce(ids);
    for (int i = 0; i < JOBS; i++) {
      assertThat(new String(client.output(ids.get(i), null, null), StandardCharsets.UTF_8)).isEqualTo("done-" + i + "\n");
    }
    assertThat(client.submit(JobSubmission.builder().command("true").key("during-cut").build()).created())
        .as("the submit refused during the cut left nothing behind").isTrue();
    Figures.record("database connection cut", "cut (held until the running jobs' results were spooled) to /readyz"
        + " green again", Figures.seconds(outage));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(coordinator.url() + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + coordinator.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Finish reports in the worker's result journal, delivered or not. */
  private long spooledResults() throws IOException {
    Path spool = worker.stateDir().resolve("spool");
    if (!Files.isDirectory(spool)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(spool)) {
      long n = 0;
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("results-")).toList()) {
        n += Files.readAllLines(f).stream().filter(l -> l.contains("\"kind\":\"finish\"")).count();
      }
      return n;
    }
  }
}
