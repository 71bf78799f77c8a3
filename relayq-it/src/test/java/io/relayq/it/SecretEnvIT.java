package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A secret env value reaches the job's process and nothing else: no API answer, event stream,
 * output or log file of the coordinator or the worker carries it.
 */
class SecretEnvIT {
  @TempDir
  Path dir;

  @Test
  void aSecretReachesTheProcessAndAppearsInNoAnswerAndNoLog() throws Exception {
    String secret = "s3cret-" + UUID.randomUUID();
    Path coordinatorLog = dir.resolve("coordinator.log");
    FileAppender<ILoggingEvent> appender = logEverythingTo(coordinatorLog);
    try (Cluster cluster = Cluster.start(dir)) {
      cluster.startWorker("w1", Map.of("RELAYQ_DEBUG", "1"));
      JobView job = Jobs.submit(cluster.client(), JobSubmission.builder()
          .command("printf %s \"$RELAYQ_IT_SECRET\" | sha256sum | cut -d' ' -f1")
          .secretEnv(Map.of("RELAYQ_IT_SECRET", secret)));
      JobView done = Jobs.awaitTerminal(cluster.client(), job.id());
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.spec().secretEnv()).containsExactly(Map.entry("RELAYQ_IT_SECRET", "<secret>"));

      Map<String, String> answers = new LinkedHashMap<>();
      for (String path : List.of("/api/v1/jobs/" + job.id(), "/api/v1/jobs", "/api/v1/jobs/" + job.id() + "/events",
          "/api/v1/jobs/" + job.id() + "/output", "/api/v1/jobs/" + job.id() + "/output?follow=true",
          "/api/v1/overview", "/api/v1/workers", "/api/v1/diagnosis", "/metrics")) {
        answers.put(path, get(cluster, path));
      }
      answers.put("/api/v1/events", eventsUntilFinished(cluster, job.id()));

      assertThat(answers.get("/api/v1/jobs/" + job.id() + "/output").strip())
          .as("the process saw the secret").isEqualTo(sha256(secret));
      assertThat(answers.get("/api/v1/jobs/" + job.id())).contains("\"RELAYQ_IT_SECRET\":\"<secret>\"");
      answers.forEach((path, body) -> assertThat(body).as(path).isNotBlank().doesNotContain(secret));
    } finally {
      appender.stop();
      ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
    }
    List<Path> logs;
    try (Stream<Path> files = Files.walk(dir)) {
      logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
    }
    assertThat(logs).contains(coordinatorLog, dir.resolve("worker-w1").resolve("worker.log"));
    assertThat(Files.readString(coordinatorLog)).as("the coordinator logged at debug").contains("submitted");
    for (Path log : logs) {
      assertThat(Files.readString(log)).as(log.toString()).doesNotContain(secret);
    }
  }

  /** Sends everything the coordinator in this JVM logs, at debug, to a file. */
  private static FileAppender<ILoggingEvent> logEverythingTo(Path file) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d %-5level %logger - %msg%n%ex");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setFile(file.toString());
    appender.setEncoder(encoder);
    appender.start();
    context.getLogger("io.relayq").setLevel(Level.DEBUG);
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return appender;
  }

  private static String get(Cluster cluster, String path) throws IOException, InterruptedException {
    HttpResponse<String> res = HttpClient.newHttpClient().send(request(cluster, path).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(200);
    return res.body();
  }

  /** The event stream from its start up to the job's last event. */
  private static String eventsUntilFinished(Cluster cluster, String jobId) throws Exception {
    HttpResponse<java.io.InputStream> res = HttpClient.newHttpClient().send(request(cluster, "/api/v1/events").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        if (line.contains(jobId) && line.contains("\"succeeded\"")) {
          break;
        }
      }
    }
    return String.join("\n", lines);
  }

  private static HttpRequest.Builder request(Cluster cluster, String path) {
    return HttpRequest.newBuilder(URI.create(cluster.url() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + cluster.adminToken());
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
