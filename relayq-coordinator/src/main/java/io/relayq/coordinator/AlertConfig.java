package io.relayq.coordinator;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Webhook alerts: where to POST them, which events each webhook wants, when a worker or a job
 * counts as a problem, and how hard to try. Validated when built; a bad value is refused with a
 * message naming the setting. With no webhooks (the default) nothing is sent and nothing is kept.
 *
 * @param webhooks where alerts go; empty for none
 * @param workerOfflineFor a worker offline this long (beyond the coordinator's offline threshold)
 *     raises {@code worker.offline}
 * @param jobStuckFor a job waiting this long that no online worker can run raises {@code job.stuck}
 * @param maxAttempts tries per delivery, the first one included
 * @param retryBackoff the wait before the second try; doubled for each further one
 * @param timeout the longest one POST may take, connecting included
 * @param queueCapacity deliveries waiting or retrying at once; alerts beyond it are dropped with a
 *     warning, so a dead webhook never holds memory or slows the queue
 */
public record AlertConfig(
    List<Webhook> webhooks,
    Duration workerOfflineFor,
    Duration jobStuckFor,
    int maxAttempts,
    Duration retryBackoff,
    Duration timeout,
    int queueCapacity) {

  public static final Duration DEFAULT_WORKER_OFFLINE_FOR = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JOB_STUCK_FOR = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_QUEUE_CAPACITY = 1000;

  private static final Duration MAX_THRESHOLD = Duration.ofDays(7);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  private static final int MAX_ATTEMPTS_LIMIT = 20;
  private static final int MAX_QUEUE_CAPACITY = 1_000_000;

  /**
   * One receiver of alerts.
   *
   * @param url an absolute {@code http} or {@code https} URL
   * @param events the events it wants; empty means all of them
   */
  public record Webhook(URI url, Set<AlertEvent> events) {
    public Webhook {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme();
      if (!url.isAbsolute() || url.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new IllegalArgumentException("alerts.webhooks.url: '" + url
            + "' is not an absolute http(s) URL; write it like https://hooks.example.com/relayq");
      }
      events = events == null || events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    }

    /** A webhook that wants every event. */
    public static Webhook all(URI url) {
      return new Webhook(url, Set.of());
    }

    /** True when this webhook wants {@code event}. */
    public boolean wants(AlertEvent event) {
      return events.isEmpty() || events.contains(event);
    }
  }

  public AlertConfig {
    webhooks = List.copyOf(Objects.requireNonNull(webhooks, "webhooks"));
    positive("workerOfflineFor", workerOfflineFor, MAX_THRESHOLD);
    positive("jobStuckFor", jobStuckFor, MAX_THRESHOLD);
    positive("retryBackoff", retryBackoff, MAX_BACKOFF);
    positive("timeout", timeout, MAX_TIMEOUT);
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException("alerts.maxAttempts: " + maxAttempts + " is out of range 1.."
          + MAX_ATTEMPTS_LIMIT);
    }
    if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
      throw new IllegalArgumentException("alerts.queueCapacity: " + queueCapacity + " is out of range 1.."
          + MAX_QUEUE_CAPACITY);
    }
  }

  /** No webhooks; every other setting at its default. */
  public static AlertConfig none() {
    return new AlertConfig(List.of(), DEFAULT_WORKER_OFFLINE_FOR, DEFAULT_JOB_STUCK_FOR, DEFAULT_MAX_ATTEMPTS,
        DEFAULT_RETRY_BACKOFF, DEFAULT_TIMEOUT, DEFAULT_QUEUE_CAPACITY);
  }

  /** True when at least one webhook wants {@code event}. */
  public boolean wants(AlertEvent event) {
    return webhooks.stream().anyMatch(w -> w.wants(event));
  }

  public AlertConfig withWebhooks(List<Webhook> webhooks) {
    return new AlertConfig(webhooks, workerOfflineFor, jobStuckFor, maxAttempts, retryBackoff, timeout, queueCapacity);
  }

  public AlertConfig withWorkerOfflineFor(Duration workerOfflineFor) {
    return new AlertConfig(webhooks, workerOfflineFor, jobStuckFor, maxAttempts, retryBackoff, timeout, queueCapacity);
  }

  public AlertConfig withJobStuckFor(Duration jobStuckFor) {
    return new AlertConfig(webhooks, workerOfflineFor, jobStuckFor, maxAttempts, retryBackoff, timeout, queueCapacity);
  }

  public AlertConfig withMaxAttempts(int maxAttempts) {
    return new AlertConfig(webhooks, workerOfflineFor, jobStuckFor, maxAttempts, retryBackoff, timeout, queueCapacity);
  }

  public AlertConfig withRetryBackoff(Duration retryBackoff) {
    return new AlertConfig(webhooks, workerOfflineFor, jobStuckFor, maxAttempts, retryBackoff, timeout, queueCapacity);
  }

  public AlertConfig withTimeout(Duration timeout) {
    return new AlertConfig(webhooks, workerOfflineFor, jobStuckFor, maxAttempts, retryBackoff, timeout, queueCapacity);
  }

  public AlertConfig withQueueCapacity(int queueCapacity) {
    return new AlertConfig(webhooks, workerOfflineFor, jobStuckFor, maxAttempts, retryBackoff, timeout, queueCapacity);
  }

  private static void positive(String name, Duration value, Duration max) {
    Objects.requireNonNull(value, "alerts." + name);
    if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "alerts." + name + ": " + value.toMillis() + "ms is out of range 1ms.." + max.toMillis() + "ms");
    }
  }
}
