package io.relayq.clients.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.client.BadRequestException;
import io.relayq.client.JobHandle;
import io.relayq.client.Relayq;
import io.relayq.client.RelayqClient;
import io.relayq.client.UntrustedServerException;
import io.relayq.coordinator.TestCertificates;
import io.relayq.core.JobState;
import io.relayq.core.api.JobView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client against a coordinator that serves HTTPS with a certificate of a private CA: it
 * works given that CA, refuses the server without it, and a plain {@code http://} URL is told to
 * use {@code https://}.
 */
class TlsClientIT {
  private static final String WORKER = "tls-worker";

  @TempDir
  static Path dir;

  static TestCertificates pki;
  static LiveCluster cluster;

  @BeforeAll
  static void startCluster() {
    pki = TestCertificates.newCa(dir.resolve("pki"));
    cluster = LiveCluster.start(dir, WORKER, List.of("tls"), pki);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aClientGivenTheCaRunsAJobOverHttps() {
    assertThat(cluster.url().getScheme()).isEqualTo("https");
    try (Relayq relayq = Relayq.of(RelayqClient.builder(cluster.url()).token(cluster.submitToken())
        .caFile(pki.caFile()).build())) {
      JobHandle job = relayq.job("echo over-tls").on(WORKER).submit();
      JobView done = job.await(Duration.ofMinutes(1));
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(new String(job.output(), StandardCharsets.UTF_8)).isEqualTo("over-tls\n");
    }
  }

  @Test
  void withoutTheCaTheCertificateIsRefusedAndTheMessageNamesTheFix() {
    try (RelayqClient client = RelayqClient.builder(cluster.url()).token(cluster.submitToken()).build()) {
      assertThatThrownBy(client::workers)
          .isInstanceOf(UntrustedServerException.class)
          .hasMessageContaining("cannot reach relayq at " + cluster.url())
          .hasMessageContaining("its TLS certificate is not trusted")
          .hasMessageContaining("--ca-file");
    }
  }

  @Test
  void aCaThatDidNotSignTheCertificateIsRefusedToo() {
    TestCertificates otherCa = TestCertificates.newCa(dir.resolve("other-pki"));
    try (RelayqClient client = RelayqClient.builder(cluster.url()).token(cluster.submitToken())
        .caFile(otherCa.caFile()).build()) {
      assertThatThrownBy(client::workers).isInstanceOf(UntrustedServerException.class);
    }
  }

  @Test
  void plainHttpToTheTlsPortIsToldToUseHttps() throws Exception {
    URI plain = URI.create("http://127.0.0.1:" + cluster.url().getPort());
    try (RelayqClient client = RelayqClient.builder(plain).token(cluster.submitToken()).build()) {
      assertThatThrownBy(client::workers)
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("serves HTTPS only: use https:// instead of http://")
          .satisfies(e -> assertThat(((BadRequestException) e).code()).isEqualTo("https_required"));
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(plain.resolve("/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("\"code\":\"https_required\"");
    }
  }

  @Test
  void httpsToAPlainPortSaysItDoesNotSpeakTls() {
    try (LiveCluster plain = LiveCluster.start(dir.resolve("plain"), "plain-worker", List.of("plain"));
        RelayqClient client = RelayqClient.builder(URI.create("https://127.0.0.1:" + plain.url().getPort()))
            .token(plain.submitToken()).caFile(pki.caFile()).build()) {
      assertThatThrownBy(client::workers)
          .hasMessageContaining("it does not speak TLS on this port");
    }
  }
}
