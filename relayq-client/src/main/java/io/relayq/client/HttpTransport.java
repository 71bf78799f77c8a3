package io.relayq.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.relayq.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * The HTTP side shared by both clients: one {@link HttpClient} (HTTP/1.1, 5 s connect timeout),
 * JSON through {@link Json#mapper()}, the bearer token on every request when there is one, and the
 * mapping of failures to {@link RelayqException}s.
 */
final class HttpTransport implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final String API = "/api/v1";
  private static final int ERROR_SNIPPET = 200;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /*
   * Replies are read leniently: a newer coordinator may add fields, and an older client should
   * still understand the ones it knows. Requests stay strict on the server side.
   */
  private static final ObjectReader READER =
      Json.mapper().reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final String server;
  private final String authorization;
  private final HttpClient http;

  HttpTransport(URI server) {
    this(server, null);
  }

  /** {@code token} null sends no {@code Authorization} header. */
  HttpTransport(URI server, String token) {
    this.server = normalize(server);
    this.authorization = token == null ? null : "Bearer " + checkToken(token);
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  private static String normalize(URI server) {
    String scheme = server.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "server URL '" + server + "' must start with http:// or https://, like http://127.0.0.1:8750");
    }
    if (server.getHost() == null) {
      throw new IllegalArgumentException(
          "server URL '" + server + "' has no host; write it like http://127.0.0.1:8750");
    }
    String s = server.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /**
   * A token is sent as a header, so a line break or space (left over from copying it) would break
   * the request or be refused in a way that hides the cause. The message never shows the token.
   */
  static String checkToken(String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the relayq token is empty: pass null for no token, or the token itself");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 127) {
        throw new IllegalArgumentException("the relayq token has a space, line break or non-ASCII character at"
            + " position " + (i + 1) + " of " + token.length() + ": copy it again without surrounding text");
      }
    }
    return token;
  }

  /** The server URL as given, without a trailing slash. */
  String server() {
    return server;
  }

  /** {@code /api/v1} + {@code path}; {@code path} starts with a slash and is already encoded. */
  URI api(String path) {
    return URI.create(server + API + path);
  }

  /** A URL outside the API, like {@code /healthz}. */
  URI root(String path) {
    return URI.create(server + path);
  }

  /** Percent-encodes one path segment or query value (RFC 3986 unreserved characters pass). */
  static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return out.toString();
  }

  static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static HttpRequest.Builder get(URI uri) {
    return HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
  }

  static HttpRequest.Builder postJson(URI uri, Object body) {
    return HttpRequest.newBuilder(uri)
        .POST(json(body))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
  }

  /** Sends and returns the reply when its status is 2xx; throws the mapped exception otherwise. */
  HttpResponse<byte[]> send(HttpRequest.Builder request, Duration timeout) {
    HttpRequest req = authorized(request).timeout(timeout).build();
    HttpResponse<byte[]> res = call(req, HttpResponse.BodyHandlers.ofByteArray(), timeout);
    if (res.statusCode() / 100 != 2) {
      throw error(res.statusCode(), res.body(), req.uri());
    }
    return res;
  }

  /**
   * Opens a streaming reply (server-sent events). The request timeout covers only the wait for the
   * headers; the body may stream for ever.
   */
  InputStream openStream(HttpRequest.Builder request, Duration headersTimeout) {
    HttpRequest req = authorized(request).timeout(headersTimeout).build();
    HttpResponse<InputStream> res = call(req, HttpResponse.BodyHandlers.ofInputStream(), headersTimeout);
    if (res.statusCode() / 100 != 2) {
      try (InputStream in = res.body()) {
        throw error(res.statusCode(), in.readNBytes(64 * 1024), req.uri());
      } catch (IOException e) {
        throw unreachable(e, headersTimeout);
      }
    }
    return res.body();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return authorization == null ? request : request.header("Authorization", authorization);
  }

  <T> T read(byte[] body, Class<T> type) {
    try {
      return READER.forType(type).readValue(body);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the reply of " + server + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  <T> T read(String body, Class<T> type) {
    return read(body.getBytes(StandardCharsets.UTF_8), type);
  }

  private <T> HttpResponse<T> call(HttpRequest req, HttpResponse.BodyHandler<T> handler, Duration timeout) {
    try {
      return http.send(req, handler);
    } catch (IOException e) {
      throw unreachable(e, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while calling " + req.method() + " " + req.uri());
    }
  }

  /** Maps a failure to get a reply to an {@link UnreachableException} that says how to fix it. */
  UnreachableException unreachable(IOException e, Duration timeout) {
    if (e instanceof HttpConnectTimeoutException) {
      return new UnreachableException(server, "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s",
          "is the host up, and is the port right and open in its firewall?", e);
    }
    if (e instanceof HttpTimeoutException) {
      return new UnreachableException(server, "no answer within " + timeout.toMillis() + " ms",
          "the coordinator may be overloaded or the network down; try again", e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return new UnreachableException(server, "unknown host '" + URI.create(server).getHost() + "'",
            "check the server URL (--server or RELAYQ_SERVER)", e);
      }
    }
    if (e instanceof ConnectException) {
      return new UnreachableException(server, "connection refused",
          "is the coordinator running? start it with: relayq up", e);
    }
    return new UnreachableException(server, "connection closed: " + e.getMessage(),
        "the coordinator may have stopped or restarted; try again", e);
  }

  /** Maps an error reply to its exception; the body is relayq's error shape or anything else. */
  static ApiErrorException error(int status, byte[] body, URI uri) {
    try {
      JsonNode error = Json.mapper().readTree(body).path("error");
      if (error.path("code").isTextual() && error.path("message").isTextual()) {
        return ApiErrorException.of(status, error.get("code").asText(), error.get("message").asText());
      }
    } catch (IOException notJson) {
      // not relayq's error shape: described below from the raw body
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.length() > ERROR_SNIPPET) {
      text = text.substring(0, ERROR_SNIPPET) + "...";
    }
    return ApiErrorException.of(status, "http_" + status,
        "HTTP " + status + " from " + uri + (text.isEmpty() ? "" : ": " + text));
  }

  /** Aborts calls in flight and frees the client's threads. */
  @Override
  public void close() {
    http.shutdownNow();
  }
}
