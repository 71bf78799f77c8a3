package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.relayq.cli.health.HealthEndpoint;
import io.relayq.cli.service.ServiceKind;
import io.relayq.core.Durations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * deploy/ cannot be built here (no container engine), so its files are checked against the CLI they
 * run: every Kubernetes document parses, has the kinds expected, and its probes point at the
 * paths and ports the container's relayq flags open; the Dockerfile runs the jar it copies.
 */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> documents(String file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(DEPLOY.resolve(file).toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> ofKind = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertThat(ofKind).as(kind + " documents").hasSize(1);
    return ofKind.get(0);
  }

  private static JsonNode container(JsonNode deployment) {
    JsonNode containers = deployment.at("/spec/template/spec/containers");
    assertThat(containers.size()).isEqualTo(1);
    return containers.get(0);
  }

  private static List<String> args(JsonNode container) throws IOException {
    return YAML.convertValue(container.get("args"), new TypeReference<List<String>>() {});
  }

  /** The container's args as relayq itself parses them; an unknown flag fails here. */
  private static ParseResult parse(List<String> args) {
    CliContext ctx = new CliContext(quiet(), quiet(), Map.of(), StopSignal.manual());
    return Main.commandLine(ctx).parseArgs(args.toArray(String[]::new)).subcommand();
  }

  private static int containerPort(JsonNode container, String name) {
    for (JsonNode p : container.get("ports")) {
      if (p.get("name").asText().equals(name)) {
        return p.get("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port named " + name);
  }

  @Test
  void everyManifestIsYamlWithAKindAndAName() throws IOException {
    try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
      List<Path> manifests = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertThat(manifests).hasSize(2);
      for (Path f : manifests) {
        for (JsonNode doc : documents("k8s/" + f.getFileName())) {
          assertThat(doc.path("apiVersion").asText()).as(f + " apiVersion").isNotEmpty();
          assertThat(doc.path("kind").asText()).as(f + " kind").isIn("Deployment", "Service");
          assertThat(doc.at("/metadata/name").asText()).as(f + " name").startsWith("relayq-");
        }
      }
    }
  }

  @Test
  void theCoordinatorIsProbedOnReadyzAndHealthzOfThePortItListensOn() throws IOException {
    List<JsonNode> docs = documents("k8s/coordinator.yaml");
    JsonNode deployment = only(docs, "Deployment");
    JsonNode c = container(deployment);
    ParseResult server = parse(args(c));

    assertThat(server.commandSpec().name()).isEqualTo("server");
    assertThat(server.matchedOptionValue("--bind", "")).isEqualTo("0.0.0.0");
    int port = server.matchedOptionValue("--port", 0);
    assertThat(containerPort(c, "http")).isEqualTo(port);
    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(c.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/template/metadata/labels"));

    JsonNode service = only(docs, "Service");
    assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/template/metadata/labels"));
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(port);
  }

  @Test
  void theCoordinatorGetsItsPostgresqlUrlFromASecret() throws IOException {
    JsonNode c = container(only(documents("k8s/coordinator.yaml"), "Deployment"));
    ParseResult server = parse(args(c));

    assertThat(server.matchedOptionValue("--db", "")).isEqualTo("$(RELAYQ_DB)");
    JsonNode env = c.get("env").get(0);
    assertThat(env.get("name").asText()).isEqualTo("RELAYQ_DB");
    assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("relayq-postgres");
    assertThat(env.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("url");
  }

  @Test
  void theWorkerIsProbedOnTheHealthEndpointItsFlagsOpen() throws IOException {
    JsonNode deployment = only(documents("k8s/worker.yaml"), "Deployment");
    JsonNode c = container(deployment);
    ParseResult worker = parse(args(c));

    assertThat(worker.commandSpec().name()).isEqualTo("worker");
    assertThat(worker.matchedOptionValue("--server", List.<String>of())).containsExactly("http://relayq-coordinator:8750");
    // the kubelet probes the pod's address, not its loopback
    assertThat(worker.matchedOptionValue("--health-bind", "")).isEqualTo("0.0.0.0");
    int healthPort = worker.matchedOptionValue("--health-port", 0);
    assertThat(containerPort(c, "health")).isEqualTo(healthPort);
    for (String probe : List.of("startupProbe", "livenessProbe")) {
      assertThat(c.at("/" + probe + "/httpGet/path").asText()).as(probe).isEqualTo(HealthEndpoint.PATH);
      assertThat(c.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo("health");
    }
    assertThat(c.toString()).doesNotContain("readinessProbe");
  }

  @Test
  void aWorkerPodIsGivenTimeToDrainBeforeItIsKilled() throws IOException {
    JsonNode deployment = only(documents("k8s/worker.yaml"), "Deployment");
    Duration drain = parse(args(container(deployment))).matchedOptionValue("--drain-timeout", Duration.ZERO);
    long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();

    assertThat(Duration.ofSeconds(grace)).as("grace period vs drain " + Durations.format(drain))
        .isGreaterThanOrEqualTo(drain.plus(ServiceKind.WORKER_STOP_MARGIN));
  }

  @Test
  void eachWorkerPodIsAWorkerOfItsOwnName() throws IOException {
    JsonNode c = container(only(documents("k8s/worker.yaml"), "Deployment"));

    JsonNode name = c.get("env").get(0);
    assertThat(name.get("name").asText()).isEqualTo(WorkerSettings.NAME_ENV);
    assertThat(name.at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
  }

  @Test
  void theImageRunsTheJarItCopiesOnJava21() throws IOException {
    String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));

    assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:21-jre$");
    Matcher copy = Pattern.compile("(?m)^COPY relayq-cli/target/relayq\\.jar (\\S+)$").matcher(dockerfile);
    assertThat(copy.find()).isTrue();
    Matcher entry = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(dockerfile);
    assertThat(entry.find()).isTrue();
    List<String> entrypoint = new ObjectMapper().readValue(entry.group(1), new TypeReference<List<String>>() {});
    assertThat(entrypoint).startsWith("java").endsWith("-jar", copy.group(1));
  }

  @Test
  void theInstallerScriptIsPackagedForTheCoordinatorToServe() throws IOException {
    try (InputStream in = DeployFilesTest.class.getResourceAsStream("/io/relayq/deploy/install.sh")) {
      assertThat(in).as("install.sh on the class path").isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(DEPLOY.resolve("install.sh")));
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
