package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.store.postgres.PostgresJobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker name belongs to the worker token that registered it, whichever coordinator sharing the
 * database the other token talks to: the store, not a coordinator's memory, holds the owner.
 */
class WorkerOwnershipAcrossCoordinatorsIT {
  @TempDir Path dir;
  private PostgresSchema schema;
  private PostgresJobStore storeA;
  private PostgresJobStore storeB;
  private Coordinator a;
  private Coordinator b;
  private WorkerProcess worker;

  @AfterEach
  void stopAll() {
    if (worker != null) {
      worker.kill();
    }
    for (AutoCloseable c : new AutoCloseable[] {a, b, storeA, storeB, schema}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void anotherWorkerTokenIsRefusedTheWorkerAndItsLeaseOnEveryCoordinator() throws Exception {
    schema = PostgresSchema.create();
    storeA = schema.open();
    storeB = schema.open();
    String admin = TokenIssuer.issue(storeA, "test-admin", TokenRole.ADMIN, Instant.now());
    String rack1 = TokenIssuer.issue(storeA, "rack-1", TokenRole.WORKER, Instant.now());
    String rack2 = TokenIssuer.issue(storeA, "rack-2", TokenRole.WORKER, Instant.now());
    a = Coordinator.start(CoordinatorConfig.defaults().withPort(0), storeA, InstantSource.system());
    b = Coordinator.start(CoordinatorConfig.defaults().withPort(0), storeB, InstantSource.system());
    worker = WorkerProcess.start(a.url(), rack1, "mini", Files.createDirectories(dir.resolve("mini")), List.of());
    RelayqClient viaA = RelayqClient.connect(a.url(), admin);
    await().atMost(Duration.ofSeconds(30)).until(() -> viaA.workers().workers().stream()
        .anyMatch(w -> w.name().equals("mini") && w.status().equals("online")));
    JobView job = viaA.submit(JobSubmission.builder().command("sleep 30").build()).job();
    await().atMost(Duration.ofSeconds(30)).until(() -> viaA.job(job.id()).state() == JobState.RUNNING);

    assertThat(post(b.url(), rack2, "/api/v1/workers/mini/hello",
        "{\"workerId\":\"forged\",\"incarnation\":\"forged-1\",\"labels\":[],\"slots\":1}")).isEqualTo(403);
    assertThat(post(b.url(), rack2, "/api/v1/workers/mini/heartbeat",
        "{\"incarnation\":\"x\",\"leases\":[]}")).isEqualTo(403);
    assertThat(post(b.url(), rack2, "/api/v1/jobs/" + job.id() + "/attempts/1/finish",
        "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}")).isEqualTo(403);

    JobView after = RelayqClient.connect(b.url(), admin).job(job.id());
    assertThat(after.state()).isEqualTo(JobState.RUNNING);
    assertThat(after.worker()).isEqualTo("mini");
  }

  private static int post(URI server, String token, String path, String json) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
