package io.relayq.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Reads how many jobs the coordinator has finished from its {@code /metrics} counter
 * {@code relayq_jobs_finished_total} (summed over outcomes), for progress curves. The counter
 * appears with the first finished job, so a relayq page without it reads 0; a page that is not
 * relayq's (or an unreachable one) reads empty, so a renamed metric costs a plot, not the scenario.
 */
final class FinishedCounter implements AutoCloseable {
  private static final String METRIC = "relayq_jobs_finished_total";
  /** Present on every coordinator's page from its start. */
  private static final String ALWAYS_THERE = "relayq_jobs_submitted_total";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI metrics;
  private final String token;

  FinishedCounter(URI server, String token) {
    this.metrics = server.resolve("/metrics");
    this.token = token;
  }

  OptionalDouble read() {
    try {
      HttpResponse<String> res = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
          .header("Authorization", "Bearer " + token).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return res.statusCode() == 200 ? parse(res.body()) : OptionalDouble.empty();
    } catch (IOException e) {
      return OptionalDouble.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalDouble.empty();
    }
  }

  /** The sum of every sample of the counter in a Prometheus text page. */
  static OptionalDouble parse(String page) {
    double sum = 0;
    boolean found = false;
    for (String line : page.split("\n")) {
      if (line.startsWith(METRIC + "{") || line.startsWith(METRIC + " ")) {
        String[] parts = line.trim().split("\\s+");
        sum += Double.parseDouble(parts[parts.length - 1]);
        found = true;
      }
    }
    return found || page.contains(ALWAYS_THERE) ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  @Override
  public void close() {
    http.close();
  }
}
