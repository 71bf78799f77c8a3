package io.relayq.cli.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A coordinator is healthy while its own {@code /readyz} answers 200: asked over real HTTP, so a
 * wedged web server counts as unhealthy as much as a store that does not answer.
 */
public final class ServerReadiness implements HealthCheck {
  /** A readiness answer slower than this counts as a failure. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI readyz;
  private final SSLContext tls;
  private HttpClient http;

  /** Checks the coordinator at {@code base}, like {@code http://127.0.0.1:8750}. */
  public ServerReadiness(URI base) {
    this(base, null);
  }

  /** Checks the coordinator at an {@code https://} {@code base}, verifying it with {@code tls}. */
  public ServerReadiness(URI base, SSLContext tls) {
    this.readyz = base.resolve("/readyz");
    this.tls = tls;
  }

  @Override
  public Verdict check() {
    HttpRequest request = HttpRequest.newBuilder(readyz).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> r = client().send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return Verdict.ok("ok", null);
      }
      return Verdict.failing("not_ready", readyz + " answered " + r.statusCode() + ": " + r.body(), null);
    } catch (IOException e) {
      return Verdict.failing("not_ready", readyz + " did not answer within " + TIMEOUT.toSeconds() + " s: " + e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Verdict.failing("not_ready", "interrupted while asking " + readyz, null);
    }
  }

  /** Created on the first check: a server that systemd does not watch never needs one. */
  private synchronized HttpClient client() {
    if (http == null) {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
      if (tls != null) {
        builder.sslContext(tls);
      }
      http = builder.build();
    }
    return http;
  }

  /**
   * The address to reach a coordinator listening on {@code bind}: a wildcard address is reached
   * through loopback.
   */
  public static URI localBase(String bind, int port) {
    return localBase("http", bind, port);
  }

  /** As {@link #localBase(String, int)} with {@code scheme}, {@code http} or {@code https}. */
  public static URI localBase(String scheme, String bind, int port) {
    String host = switch (bind) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "[::]", "0:0:0:0:0:0:0:0" -> "[::1]";
      default -> bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    };
    return URI.create(scheme + "://" + host + ":" + port);
  }
}
