package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.cli.ExitCodes;
import io.relayq.cli.Main;
import io.relayq.coordinator.TestCertificates;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS end to end: a coordinator serving a certificate of a private CA, a worker process and the
 * CLI given that CA with {@code --ca-file}; without it the CLI refuses the server with exit code 6;
 * {@code relayq up} with a certificate runs its local worker over HTTPS; a key that does not belong
 * to the certificate stops {@code relayq server} before it serves anything.
 */
class TlsIT {
  @TempDir
  Path dir;

  private Cluster cluster;
  private Process up;

  @AfterEach
  void stop() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
    if (up != null) {
      up.destroy();
      if (!up.waitFor(60, TimeUnit.SECONDS)) {
        up.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void aWorkerProcessAndTheCliGivenTheCaRunAJobOverHttps() throws IOException {
    TestCertificates pki = TestCertificates.newCa(dir.resolve("pki"));
    cluster = Cluster.startTls(dir, pki);
    assertThat(cluster.url().getScheme()).isEqualTo("https");
    cluster.startWorker("tls-worker", "--ca-file", pki.caFile().toString());

    Result run = cli(Map.of(), "run", "--server", cluster.url().toString(), "--ca-file", pki.caFile().toString(),
        "--on", "tls-worker", "--", "echo", "over-https");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("over-https\n");

    Result byVariable = cli(Map.of("RELAYQ_CA_FILE", pki.caFile().toString()), "workers", "--server",
        cluster.url().toString());
    assertThat(byVariable.exitCode()).as(byVariable.err()).isZero();
    assertThat(byVariable.out()).contains("tls-worker");
  }

  @Test
  void withoutTheCaTheCliExits6AndNamesTheFix() {
    TestCertificates pki = TestCertificates.newCa(dir.resolve("pki"));
    cluster = Cluster.startTls(dir, pki);

    Result r = cli(Map.of(), "workers", "--server", cluster.url().toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.TLS_UNTRUSTED).isEqualTo(6);
    assertThat(r.err()).contains("cannot verify the TLS certificate of relayq at " + cluster.url())
        .contains("--ca-file FILE");
  }

  @Test
  void plainHttpToTheTlsPortExits2AndSaysToUseHttps() {
    TestCertificates pki = TestCertificates.newCa(dir.resolve("pki"));
    cluster = Cluster.startTls(dir, pki);

    Result r = cli(Map.of(), "workers", "--server", "http://127.0.0.1:" + cluster.url().getPort());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("serves HTTPS only: use https:// instead of http://");
  }

  @Test
  void aKeyThatDoesNotBelongToTheCertificateStopsTheServerWithExit2() {
    TestCertificates pki = TestCertificates.newCa(dir.resolve("pki"));
    TestCertificates.ServerFiles one = pki.server("one", "EC");
    TestCertificates.ServerFiles other = pki.server("other", "EC");

    Result r = cli(Map.of(), "server", "--port", "0", "--data", dir.resolve("data").toString(),
        "--tls-cert", one.cert().toString(), "--tls-key", other.key().toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("cannot serve HTTPS: the TLS key " + other.key() + " does not belong to the certificate");
    assertThat(dir.resolve("data/relayq.db")).as("nothing was started").doesNotExist();
  }

  @Test
  void upWithACertificateRunsItsLocalWorkerOverHttps() throws Exception {
    TestCertificates pki = TestCertificates.newCa(dir.resolve("pki"));
    TestCertificates.ServerFiles files = pki.server("up", "EC");
    Path home = Files.createDirectories(dir.resolve("home"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), "io.relayq.cli.Main", "up", "--port", "0",
        "--data", dir.resolve("data").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("up.err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("RELAYQ_"));
    pb.environment().put("HOME", home.toString());
    pb.environment().put("RELAYQ_TLS_CERT", files.cert().toString());
    pb.environment().put("RELAYQ_TLS_KEY", files.key().toString());
    up = pb.start();
    URI url = readyUrl(up);
    assertThat(url.getScheme()).isEqualTo("https");

    Result r = cli(Map.of("HOME", home.toString()), "run", "--server", url.toString(), "--ca-file",
        pki.caFile().toString(), "--", "echo", "local-over-https");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("local-over-https\n");
  }

  /** The URL of {@code relayq is up at URL (...)}, the line {@code up} prints once its worker runs. */
  private URI readyUrl(Process p) throws IOException {
    Pattern ready = Pattern.compile("relayq is up at (\\S+) ");
    BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = lines.readLine()) != null; ) {
      Matcher m = ready.matcher(line);
      if (m.find()) {
        // keep reading what up prints, so it never blocks on a full pipe
        Thread.ofVirtual().start(() -> lines.lines().forEach(l -> { }));
        return URI.create(m.group(1));
      }
    }
    throw new AssertionError("relayq up ended without saying it is up; stderr:\n"
        + Files.readString(dir.resolve("up.err")));
  }

  private record Result(int exitCode, String out, String err) {}

  private Result cli(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>();
    all.put("HOME", dir.resolve("cli-home").toString());
    if (cluster != null) {
      all.put("RELAYQ_TOKEN", cluster.adminToken());
    }
    all.putAll(env);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, all);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
