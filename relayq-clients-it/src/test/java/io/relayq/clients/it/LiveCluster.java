package io.relayq.clients.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.relayq.client.RelayqClient;
import io.relayq.client.TlsTrust;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.coordinator.TestCertificates;
import io.relayq.coordinator.TlsIdentity;
import io.relayq.core.Json;
import io.relayq.core.template.TemplateCatalog;
import io.relayq.core.template.TemplateDefinition;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.store.JobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import io.relayq.worker.LoadLimits;
import io.relayq.worker.WorkerAgent;
import io.relayq.worker.WorkerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * A real cluster for client tests: a coordinator over real HTTP on a free port with a real SQLite
 * file, and one worker agent in this JVM running jobs as real processes.
 */
final class LiveCluster implements AutoCloseable {
  private final JobStore store;
  private final Coordinator coordinator;
  private final WorkerAgent worker;
  private final String submitToken;

  private LiveCluster(JobStore store, Coordinator coordinator, WorkerAgent worker, String submitToken) {
    this.store = store;
    this.coordinator = coordinator;
    this.worker = worker;
    this.submitToken = submitToken;
  }

  /** Starts it in {@code dir} and returns once the worker is online. */
  static LiveCluster start(Path dir, String workerName, List<String> workerLabels) {
    return start(dir, workerName, workerLabels, null);
  }

  /**
   * As {@link #start(Path, String, List)}, serving HTTPS with a server certificate of {@code pki}
   * when it is not null; the worker trusts {@code pki}'s CA file.
   */
  static LiveCluster start(Path dir, String workerName, List<String> workerLabels, TestCertificates pki) {
    JobStore store = SqliteJobStore.open(dir.resolve("relayq.db"));
    String submit = TokenIssuer.issue(store, "clients", TokenRole.SUBMIT, Instant.now());
    String workerToken = TokenIssuer.issue(store, "worker", TokenRole.WORKER, Instant.now());
    TlsIdentity tls = null;
    if (pki != null) {
      TestCertificates.ServerFiles files = pki.server("coordinator", "EC");
      tls = TlsIdentity.load(files.cert(), files.key());
    }
    Coordinator coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0).withTemplates(templates()),
        tls, store, InstantSource.system());
    WorkerAgent worker = WorkerAgent.start(WorkerConfig.defaults(coordinator.url()).withLoadLimits(LoadLimits.OFF)
        .withTls(pki == null ? null : TlsTrust.caFile(pki.caFile()))
        .withToken(workerToken)
        .withName(workerName)
        .withLabels(workerLabels)
        .withSlots(4)
        .withKillGrace(Duration.ofSeconds(2))
        // closing waits for the open poll to come back; a short one keeps test teardown short
        .withPollWait(Duration.ofSeconds(1))
        .withStateDir(dir.resolve("worker")));
    LiveCluster cluster = new LiveCluster(store, coordinator, worker, submit);
    try (RelayqClient client = RelayqClient.builder(coordinator.url()).token(submit)
        .caFile(pki == null ? null : pki.caFile()).build()) {
      await("worker " + workerName + " online").atMost(Duration.ofSeconds(30)).until(() -> client.workers().workers()
          .stream().anyMatch(w -> w.name().equals(workerName) && w.status().equals("online")));
    }
    return cluster;
  }

  /**
   * The built-in templates plus {@code bracket}, which prints each value in brackets on a line of
   * its own, so client tests see exactly which arguments arrived.
   */
  private static TemplateCatalog templates() {
    try {
      return TemplateCatalog.withConfig(Json.mapper().readValue("""
          {"bracket": {"description": "Each value in brackets, one per line",
                       "argv": ["printf", "[%s]\\n", "{first}", "{rest}", "n={count}"],
                       "params": {"first": {"type": "string", "required": true},
                                  "rest": {"type": "list"},
                                  "count": {"type": "int", "default": 1, "min": 0, "max": 9}},
                       "timeout": "1m", "retries": 0}}""", new TypeReference<Map<String, TemplateDefinition>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  URI url() {
    return coordinator.url();
  }

  /** A submit token, the kind a client program is given. */
  String submitToken() {
    return submitToken;
  }

  String workerName() {
    return worker.name();
  }

  @Override
  public void close() {
    worker.close();
    coordinator.close();
    store.close();
  }
}
