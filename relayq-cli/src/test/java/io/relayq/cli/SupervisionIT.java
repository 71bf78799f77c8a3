package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.cli.health.NotifySocket;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.Json;
import io.relayq.core.api.WorkerList;
import io.relayq.core.api.WorkerView;
import io.relayq.store.JobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * relayq worker and relayq server as systemd sees them: READY=1 once they serve, WATCHDOG=1 while
 * healthy, STOPPING=1 on stop, over a real unix datagram socket standing in for NOTIFY_SOCKET; and
 * the worker's /healthz for Kubernetes.
 */
class SupervisionIT {
  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final Pattern HEALTH_URL = Pattern.compile("health endpoint: (http://\\S+)");

  @TempDir
  Path dir;

  private JobStore store;
  private Coordinator coordinator;
  private final HttpClient http = HttpClient.newHttpClient();
  private String adminToken;
  private String workerToken;

  @BeforeEach
  void startCoordinator() {
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    adminToken = TokenIssuer.issue(store, "test-admin", TokenRole.ADMIN, Instant.now());
    workerToken = TokenIssuer.issue(store, "test-worker", TokenRole.WORKER, Instant.now());
    coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system());
  }

  @AfterEach
  void stopCoordinator() {
    coordinator.close();
    store.close();
    http.close();
  }

  @Test
  void theWorkerIsReadyOnceRegisteredKeepsTheWatchdogFedAndSaysStoppingOnDrain() throws Exception {
    try (NotifySocket socket = NotifySocket.bind(dir)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StopSignal stop = StopSignal.manual();
      CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(
          new String[] {"worker", "--server", coordinator.url().toString(), "--name", "svc-worker", "--slots", "1",
              "--state-dir", dir.resolve("state").toString(), "--health-port", "0", "--cpu-threshold", "0"},
          new PrintStream(out, true, StandardCharsets.UTF_8), quiet(), env(socket), stop));

      String ready = socket.await(m -> m.startsWith("READY=1"), LIMIT);
      assertThat(ready).startsWith("READY=1\nSTATUS=worker svc-worker takes jobs from " + coordinator.url());
      assertThat(worker("svc-worker").status()).isEqualTo("online");
      socket.await(m -> m.equals("WATCHDOG=1"), LIMIT);
      socket.await(m -> m.equals("WATCHDOG=1"), LIMIT);

      await().atMost(LIMIT).until(() -> HEALTH_URL.matcher(out.toString(StandardCharsets.UTF_8)).find());
      Matcher m = HEALTH_URL.matcher(out.toString(StandardCharsets.UTF_8));
      assertThat(m.find()).isTrue();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode body = Json.mapper().readTree(health.body());
      assertThat(body.get("status").asText()).isEqualTo("ok");
      assertThat(body.get("detail").get("registered").asBoolean()).isTrue();

      stop.trigger();

      assertThat(socket.await(msg -> msg.startsWith("STOPPING=1"), LIMIT))
          .isEqualTo("STOPPING=1\nSTATUS=draining: 0 jobs still running");
      assertThat(code.join()).isZero();
    }
  }

  @Test
  void theServerIsReadyOnceItServesAndFeedsTheWatchdogWhileReadyzAnswers() throws Exception {
    try (NotifySocket socket = NotifySocket.bind(dir)) {
      StopSignal stop = StopSignal.manual();
      CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(
          new String[] {"server", "--port", "0", "--data", dir.resolve("data").toString()},
          quiet(), quiet(), env(socket), stop));

      String ready = socket.await(msg -> msg.startsWith("READY=1"), LIMIT);
      assertThat(ready).matches("READY=1\nSTATUS=serving on http://127\\.0\\.0\\.1:\\d+");
      socket.await(msg -> msg.equals("WATCHDOG=1"), LIMIT);

      stop.trigger();

      socket.await(msg -> msg.startsWith("STOPPING=1"), LIMIT);
      assertThat(code.join()).isZero();
    }
  }

  @Test
  void aHealthPortInUseIsRefusedBeforeTheWorkerRegisters() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRunner.Result r = new CliRunner(Map.of("HOME", dir.toString(), "RELAYQ_TOKEN", workerToken)).run("worker", "--server",
          coordinator.url().toString(), "--name", "svc-port", "--state-dir", dir.resolve("s2").toString(),
          "--health-port", Integer.toString(taken.getLocalPort()));

      assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(r.err()).contains("cannot serve the health endpoint on 127.0.0.1:" + taken.getLocalPort())
          .contains("pick another --health-port");
      assertThat(Json.mapper().readValue(get("/api/v1/workers"), WorkerList.class).workers())
          .noneMatch(w -> w.name().equals("svc-port"));
    }
  }

  private Map<String, String> env(NotifySocket socket) {
    // 0.2 s watchdog deadline: a keep-alive every 0.1 s
    return Map.of("HOME", dir.toString(), "RELAYQ_TOKEN", workerToken, "NOTIFY_SOCKET", socket.path(), "WATCHDOG_USEC", "200000",
        "PATH", System.getenv("PATH"));
  }

  private WorkerView worker(String name) throws Exception {
    return Json.mapper().readValue(get("/api/v1/workers"), WorkerList.class).workers().stream()
        .filter(w -> w.name().equals(name)).findFirst().orElseThrow();
  }

  private String get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(coordinator.url().resolve(path))
            .header("Authorization", "Bearer " + adminToken).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
