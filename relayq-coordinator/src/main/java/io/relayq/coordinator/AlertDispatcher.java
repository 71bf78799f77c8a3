package io.relayq.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to the configured webhooks as JSON POSTs, in the background. {@link #send} never
 * blocks and never fails: it queues one delivery per webhook that wants the event and returns.
 *
 * <p>A delivery succeeds on any 2xx answer. A connection error, a timeout, 408, 429 or a 5xx is
 * tried again after {@link AlertConfig#retryBackoff()}, doubled each time, up to
 * {@link AlertConfig#maxAttempts()} tries; any other answer (a 4xx: the receiver refuses this
 * request, sending it again will not help) ends it. Every delivery of one alert carries the same
 * {@code X-Relayq-Alert-Id}, so a receiver can drop repeats.
 *
 * <p>At most {@link AlertConfig#queueCapacity()} deliveries are in flight or waiting to retry; more
 * are dropped with a warning. So a webhook that hangs or fails costs bounded memory and never slows
 * submits, polls or finishes.
 *
 * <p>Known limit: alerts live in memory only; those in flight when the coordinator stops are lost.
 */
final class AlertDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);
  private static final String USER_AGENT = "relayq-coordinator";

  private final AlertConfig config;
  private final CoordinatorMetrics metrics;
  private final ObjectMapper mapper;
  private final ExecutorService executor;
  private final HttpClient http;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile boolean closed;

  AlertDispatcher(AlertConfig config, CoordinatorMetrics metrics, ObjectMapper mapper) {
    this.config = config;
    this.metrics = metrics;
    this.mapper = mapper;
    this.executor = config.webhooks().isEmpty() ? null : Executors.newVirtualThreadPerTaskExecutor();
    this.http = executor == null ? null : HttpClient.newBuilder()
        .connectTimeout(config.timeout())
        .executor(executor)
        .build();
  }

  /** True when some webhook wants {@code event}; callers skip building alerts nobody wants. */
  boolean wants(AlertEvent event) {
    return config.wants(event);
  }

  /** Queues {@code alert} for every webhook that wants {@code event}. Returns at once. */
  void send(AlertEvent event, Alert alert) {
    if (closed || !config.wants(event)) {
      return;
    }
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(alert);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise alert " + alert.id(), e);
    }
    for (AlertConfig.Webhook webhook : config.webhooks()) {
      if (!webhook.wants(event)) {
        continue;
      }
      if (pending.incrementAndGet() > config.queueCapacity()) {
        pending.decrementAndGet();
        metrics.alert(event, "dropped");
        log.warn("alert {} to {} dropped: {} deliveries are already waiting (alerts.queueCapacity); is the webhook"
            + " down?", alert.id(), webhook.url(), config.queueCapacity());
        continue;
      }
      HttpRequest request = HttpRequest.newBuilder(webhook.url())
          .timeout(config.timeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", USER_AGENT)
          .header("X-Relayq-Event", event.wireName())
          .header("X-Relayq-Alert-Id", alert.id())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      attempt(new Delivery(event, alert.id(), request), 1);
    }
  }

  /** One alert on its way to one webhook. */
  private record Delivery(AlertEvent event, String alertId, HttpRequest request) {}

  private void attempt(Delivery d, int attempt) {
    if (closed) {
      pending.decrementAndGet();
      return;
    }
    CompletableFuture<HttpResponse<Void>> sent;
    try {
      sent = http.sendAsync(d.request(), HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException e) {
      pending.decrementAndGet();
      log.debug("alert {} not sent: {}", d.alertId(), e.toString());
      return;
    }
    sent.whenComplete((res, error) -> {
      if (closed) {
        pending.decrementAndGet();
        return;
      }
      if (error == null && res.statusCode() / 100 == 2) {
        pending.decrementAndGet();
        metrics.alert(d.event(), "sent");
        log.debug("alert {} delivered to {} (try {})", d.alertId(), d.request().uri(), attempt);
        return;
      }
      String what = error != null ? rootMessage(error) : "HTTP " + res.statusCode();
      boolean retryable = error != null || isRetryable(res.statusCode());
      if (retryable && attempt < config.maxAttempts()) {
        Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        log.debug("alert {} to {} failed ({}), try {} of {} in {} ms", d.alertId(), d.request().uri(), what,
            attempt + 1, config.maxAttempts(), wait.toMillis());
        CompletableFuture.runAsync(() -> attempt(d, attempt + 1),
            CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
        return;
      }
      pending.decrementAndGet();
      metrics.alert(d.event(), "failed");
      log.warn("alert {} to {} not delivered after {} of {} tries: {}{}", d.alertId(), d.request().uri(), attempt,
          config.maxAttempts(), what, retryable ? "" : " (not retried: the receiver refused the request)");
    });
  }

  private static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** Deliveries in flight or waiting to retry. */
  int pending() {
    return pending.get();
  }

  /** Stops sending: deliveries in flight are abandoned, retries are not made. */
  @Override
  public void close() {
    closed = true;
    if (http != null) {
      int left = pending.get();
      if (left > 0) {
        log.info("{} webhook deliveries abandoned: the coordinator is stopping", left);
      }
      http.shutdownNow();
      executor.shutdownNow();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
