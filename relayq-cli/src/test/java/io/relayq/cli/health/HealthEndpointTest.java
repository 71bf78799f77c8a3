package io.relayq.cli.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.Json;
import io.relayq.worker.WorkerHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's /healthz over real HTTP on a free port. */
class HealthEndpointTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final AtomicReference<WorkerHealth> health = new AtomicReference<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private HealthEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    endpoint = HealthEndpoint.start("127.0.0.1", 0, () -> Verdict.failing("starting", "registering", null));
  }

  @AfterEach
  void stop() {
    endpoint.close();
    http.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void serveLiveness() {
    endpoint.serve(new WorkerLiveness(health::get, Duration.ofSeconds(70), InstantSource.fixed(NOW)));
  }

  @Test
  void beforeTheWorkerRegisteredItAnswers503Starting() throws Exception {
    HttpResponse<String> r = get("/healthz");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(Json.mapper().readTree(r.body()).get("status").asText()).isEqualTo("starting");
  }

  @Test
  void aWorkerWhosePollLoopComesRoundAnswers200WithItsHealth() throws Exception {
    health.set(new WorkerHealth(true, NOW.minusSeconds(3), NOW.minusSeconds(1), false, 2));
    serveLiveness();

    HttpResponse<String> r = get("/healthz");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = Json.mapper().readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("detail").get("runningJobs").asInt()).isEqualTo(2);
    assertThat(body.get("detail").get("lastPollReturnedAt").asText()).isEqualTo("2026-03-01T11:59:57Z");
  }

  @Test
  void aStalledPollLoopAnswers503WithTheReason() throws Exception {
    health.set(new WorkerHealth(true, NOW.minusSeconds(200), NOW.minusSeconds(1), false, 1));
    serveLiveness();

    HttpResponse<String> r = get("/healthz");

    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode body = Json.mapper().readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("stalled");
    assertThat(body.get("reason").asText()).startsWith("the poll loop has not come round for 200 s (limit 70 s");
  }

  @Test
  void otherPathsAre404AndOtherMethods405() throws Exception {
    assertThat(get("/metrics").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.port() + "/healthz")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
  }
}
