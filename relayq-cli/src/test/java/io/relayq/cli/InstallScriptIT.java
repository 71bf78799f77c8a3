package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.coordinator.TestCertificates;
import io.relayq.coordinator.TlsIdentity;
import io.relayq.coordinator.InstallerRoutes;
import io.relayq.core.Json;
import io.relayq.core.api.WorkerList;
import io.relayq.core.api.WorkerView;
import io.relayq.store.JobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer end to end: {@code curl .../install.sh | sh -s -- ...} into a temporary HOME
 * against a real coordinator, then the installed jar started as a worker that joins it. The
 * script, the jar and its checksum are served by a JDK HTTP server through the same
 * {@link InstallerRoutes} methods the coordinator's routes use.
 */
class InstallScriptIT {
  private static final Path BUILT_JAR = Path.of("target", "relayq.jar").toAbsolutePath();
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private JobStore store;
  private Coordinator coordinator;
  private InstallerRoutes installer;
  private HttpServer downloads;
  private String checksumOverride;
  private Path home;
  private Process worker;
  private String adminToken;
  private String workerToken;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(BUILT_JAR), "target/relayq.jar is built by mvn package; run this with"
        + " mvn verify");
    Assumptions.assumeTrue(onPath("curl"), "curl is not installed: the installer is run the way users run it, with curl");
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    adminToken = TokenIssuer.issue(store, "test-admin", TokenRole.ADMIN, Instant.now());
    workerToken = TokenIssuer.issue(store, "installed", TokenRole.WORKER, Instant.now());
    coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system());
    installer = InstallerRoutes.locate(BUILT_JAR, coordinator::url);
    downloads = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    downloads.createContext("/install.sh", ex -> respond(ex, installer.script(downloadsUrl()).getBytes(StandardCharsets.UTF_8)));
    downloads.createContext("/download/relayq.jar", ex -> respond(ex, Files.readAllBytes(installer.jar().orElseThrow())));
    downloads.createContext("/download/relayq.jar.sha256", ex -> respond(ex,
        Optional.ofNullable(checksumOverride).orElse(installer.checksumLine()).getBytes(StandardCharsets.UTF_8)));
    downloads.start();
    home = Files.createDirectories(dir.resolve("home"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (worker != null && worker.isAlive()) {
      worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (downloads != null) {
      downloads.stop(0);
      coordinator.close();
      store.close();
    }
    http.close();
  }

  @Test
  void theInstalledJarRunsAWorkerThatJoinsWithTheGivenLabels() throws Exception {
    ScriptRun run = install(Map.of(), "--token", workerToken, "--labels", "mac,heavy", "--name", "installed-1",
        "--server", coordinator.url().toString(), "--no-service");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("(SHA-256 " + sha256(BUILT_JAR) + ", checked)");
    Path jar = home.resolve(".relayq/lib/relayq.jar");
    assertThat(sha256(jar)).isEqualTo(sha256(BUILT_JAR));
    Path config = home.resolve(".relayq/config.yml");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
    CliConfig c = ConfigLoader.parse(Files.readString(config), config.toString());
    assertThat(c.server()).isEqualTo(coordinator.url().toString());
    assertThat(c.token()).isEqualTo(workerToken);
    assertThat(c.worker().labels()).containsExactly("mac", "heavy");
    assertThat(c.worker().name()).isEqualTo("installed-1");
    assertThat(run.output()).contains("Start the worker with:").contains(jar + " worker");

    ProcessBuilder started = new ProcessBuilder(javaOf(run), "-jar", jar.toString(), "worker")
        .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
    started.environment().clear();
    started.environment().putAll(Map.of("HOME", home.toString(), "PATH", System.getenv("PATH"),
        "RELAYQ_WORKER_CPU_THRESHOLD", "0"));
    worker = started.start();
    worker.getOutputStream().close();

    await().atMost(LIMIT).until(() -> workerNamed("installed-1").filter(w -> w.status().equals("online")).isPresent());
    assertThat(workerNamed("installed-1").orElseThrow().labels()).contains("mac", "heavy");

    worker.destroy();
    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).as(Files.readString(dir.resolve("worker.log"))).isZero();
  }

  @Test
  void givenTheCaFileTheInstalledWorkerJoinsAnHttpsCoordinator() throws Exception {
    TestCertificates pki = TestCertificates.newCa(dir.resolve("pki"));
    TestCertificates.ServerFiles files = pki.server("coordinator", "EC");
    // a second coordinator over the same store, serving HTTPS
    try (Coordinator https = Coordinator.start(CoordinatorConfig.defaults().withPort(0),
        TlsIdentity.load(files.cert(), files.key()), store, InstantSource.system())) {
      ScriptRun run = install(Map.of(), "--token", workerToken, "--name", "installed-tls",
          "--server", https.url().toString(), "--ca-file", pki.caFile().toString(), "--no-service");

      assertThat(run.exitCode()).as(run.output()).isZero();
      Path copied = home.resolve(".relayq/ca.pem");
      assertThat(copied).hasSameTextualContentAs(pki.caFile());
      Path config = home.resolve(".relayq/config.yml");
      assertThat(ConfigLoader.parse(Files.readString(config), config.toString()).caFile()).isEqualTo(copied.toString());

      ProcessBuilder started = new ProcessBuilder(javaOf(run), "-jar", home.resolve(".relayq/lib/relayq.jar").toString(),
          "worker").redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
      started.environment().clear();
      started.environment().putAll(Map.of("HOME", home.toString(), "PATH", System.getenv("PATH")));
      worker = started.start();
      worker.getOutputStream().close();

      await().atMost(LIMIT).until(() -> workerNamed("installed-tls").filter(w -> w.status().equals("online")).isPresent());
      worker.destroy();
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aCaFileWithoutACertificateStopsTheScriptBeforeItDownloadsAnything() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.txt"), "not a certificate\n");

    ScriptRun run = install(Map.of(), "--ca-file", notPem.toString(), "--no-service");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("--ca-file " + notPem + " holds no PEM certificate");
    assertThat(home.resolve(".relayq")).doesNotExist();
  }

  @Test
  void theScriptCarriesTheCoordinatorsUrl() throws Exception {
    String script = http.send(HttpRequest.newBuilder(downloadsUrl().resolve("/install.sh")).build(),
        HttpResponse.BodyHandlers.ofString()).body();

    assertThat(script).startsWith("#!/bin/sh\n").contains("RELAYQ_URL='" + downloadsUrl() + "'")
        .doesNotContain("@RELAYQ_URL@");
  }

  @Test
  void aJarThatDoesNotMatchItsChecksumIsRefusedAndNotInstalled() throws Exception {
    checksumOverride = "0".repeat(64) + "  relayq.jar\n";

    ScriptRun run = install(Map.of(), "--no-service");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("the downloaded jar is damaged: its SHA-256 is " + sha256(BUILT_JAR)
        + ", the coordinator says " + "0".repeat(64));
    assertThat(home.resolve(".relayq/lib/relayq.jar")).doesNotExist();
    assertThat(home.resolve(".relayq/config.yml")).doesNotExist();
  }

  @Test
  void aJavaOlderThan21IsRefusedWithTheFix() throws Exception {
    Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    Assumptions.assumeTrue(Files.isExecutable(java17), "no Java 17 here to show the refusal with");

    ScriptRun run = install(Map.of("RELAYQ_JAVA", java17.toString()), "--no-service");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("RELAYQ_JAVA=" + java17 + " is Java 17; relayq needs Java 21 or newer");
    assertThat(home.resolve(".relayq/config.yml")).doesNotExist();
  }

  @Test
  void anUnknownOptionStopsTheScriptBeforeItDownloadsAnything() throws Exception {
    ScriptRun run = install(Map.of(), "--labes", "mac");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("unknown option '--labes' (see --help)");
    assertThat(home.resolve(".relayq")).doesNotExist();
  }

  /** What the script printed and how it exited. */
  private record ScriptRun(int exitCode, String output) {}

  /** {@code curl -fsSL URL/install.sh | sh -s -- ARGS}, in the temporary HOME, with JAVA_HOME set to this JVM's. */
  private ScriptRun install(Map<String, String> extraEnv, String... args) throws Exception {
    String quoted = String.join(" ", List.of(args).stream().map(ShellWords::quote).toList());
    ProcessBuilder pb = new ProcessBuilder("sh", "-c",
        "curl -fsSL " + downloadsUrl() + "/install.sh | sh -s -- " + quoted).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("HOME", home.toString());
    env.put("PATH", System.getenv("PATH"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.putAll(extraEnv);
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(output).isTrue();
    return new ScriptRun(p.exitValue(), output);
  }

  /** The java the script chose, as it reported it ("using /path/java (Java 25)"). */
  private static String javaOf(ScriptRun run) {
    for (String line : run.output().lines().toList()) {
      if (line.startsWith("relayq-install: using ")) {
        return line.substring("relayq-install: using ".length(), line.indexOf(" (Java "));
      }
    }
    throw new AssertionError("the script did not say which java it uses:\n" + run.output());
  }

  private Optional<WorkerView> workerNamed(String name) throws IOException, InterruptedException {
    String body = http.send(HttpRequest.newBuilder(coordinator.url().resolve("/api/v1/workers"))
            .header("Authorization", "Bearer " + adminToken).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return Json.mapper().readValue(body, WorkerList.class).workers().stream().filter(w -> w.name().equals(name)).findFirst();
  }

  private URI downloadsUrl() {
    return URI.create("http://127.0.0.1:" + downloads.getAddress().getPort());
  }

  private static void respond(HttpExchange ex, byte[] body) throws IOException {
    try (ex) {
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
