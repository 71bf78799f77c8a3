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
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The HTTP side shared by both clients: one {@link HttpClient} (HTTP/1.1, 5 s connect timeout),
 * JSON through {@link Json#mapper()}, the bearer token on every request when there is one, and the
 * mapping of failures to {@link RelayqException}s.
 *
 * <p>Given several coordinators (one database behind them all), a call goes to the current one of
 * the {@link ServerRotation}. When that one refuses the connection, cannot be resolved or reached
 * in time, or answers 503 (it changed nothing), the same call goes on to the next, each at most
 * once; when all fail, the last failure is thrown and the caller's backoff decides when to try
 * again. A connection that broke after the request was sent also moves the rotation on, but that
 * call is not repeated here: the coordinator may have done it.
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

  private final ServerRotation servers;
  private final String authorization;
  private final HttpClient http;

  HttpTransport(URI server) {
    this(List.of(server), null);
  }

  /** {@code token} null sends no {@code Authorization} header. */
  HttpTransport(URI server, String token) {
    this(List.of(server), token);
  }

  /** Calls {@code servers} in turn, as the class comment says; {@code token} null sends none. */
  HttpTransport(List<URI> servers, String token) {
    this(servers, token, null);
  }

  /** As above, verifying {@code https://} servers with {@code tls}; null uses the JDK's trust store. */
  HttpTransport(List<URI> servers, String token, SSLContext tls) {
    this.servers = ServerRotation.of(servers);
    this.authorization = token == null ? null : "Bearer " + checkToken(token);
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
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

  /** The coordinator calls go to now, as given, without a trailing slash. */
  String server() {
    return servers.current();
  }

  /** Every coordinator this transport may call, comma-separated. */
  String servers() {
    return servers.toString();
  }

  /**
   * {@code /api/v1} + {@code path} on the current coordinator; {@code path} starts with a slash and
   * is already encoded. A call sent to it may still go to another coordinator.
   */
  URI api(String path) {
    return URI.create(servers.current() + API + path);
  }

  /** A URL outside the API, like {@code /healthz}. */
  URI root(String path) {
    return URI.create(servers.current() + path);
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
    return exchange(request, HttpResponse.BodyHandlers.ofByteArray(), timeout);
  }

  /**
   * Opens a streaming reply (server-sent events). The request timeout covers only the wait for the
   * headers; the body may stream for ever.
   */
  InputStream openStream(HttpRequest.Builder request, Duration headersTimeout) {
    return exchange(request, HttpResponse.BodyHandlers.ofInputStream(), headersTimeout).body();
  }

  /** Sends and hands the 2xx reply's body to {@code handler} (a file, say); throws like {@link #send} otherwise. */
  <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, Duration timeout) {
    return exchange(request, handler, timeout);
  }

  /**
   * Sends to the current coordinator, going on to the next ones as the class comment says, and
   * returns the first 2xx reply.
   */
  private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler,
      Duration timeout) {
    HttpRequest first = authorized(request).timeout(timeout).build();
    String uri = first.uri().toString();
    String built = servers.owner(uri);
    // a URL outside the list (none is built so) is called as it is, once
    int tries = built == null ? 1 : servers.size();
    String target = built == null ? uri : servers.current();
    RelayqException failure = null;
    for (int tried = 1; ; tried++) {
      HttpRequest req = built == null || target.equals(built) ? first
          : request.uri(URI.create(target + uri.substring(built.length()))).build();
      HttpResponse<T> res;
      try {
        res = http.send(req, handler);
      } catch (IOException e) {
        UnreachableException unreachable = unreachable(target, e, timeout);
        if (built == null) {
          throw unreachable;
        }
        String next = servers.failedOver(target);
        if (!neverSent(e)) {
          throw unreachable;
        }
        if (tried == tries) {
          throw noneAnswered(unreachable, failure);
        }
        failure = unreachable;
        target = next;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while calling " + req.method() + " " + req.uri());
      }
      if (res.statusCode() / 100 == 2) {
        return res;
      }
      ApiErrorException error = error(res.statusCode(), errorBody(res), req.uri());
      if (res.statusCode() != 503 || built == null || tried == tries) {
        throw error;
      }
      // 503: this coordinator changed nothing (its store is down); another one may reach the database
      failure = error;
      target = servers.failedOver(target);
    }
  }

  /** True when the request cannot have reached a coordinator, so sending it elsewhere is safe. */
  private static boolean neverSent(IOException e) {
    if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The failure of the last of all the coordinators tried, said of all of them when the one before
   * was unreachable too. {@code earlier} is the failure before it (an unreachable one or a 503).
   */
  private UnreachableException noneAnswered(UnreachableException last, RelayqException earlier) {
    if (!(earlier instanceof UnreachableException)) {
      return last;
    }
    return new UnreachableException(String.join(" or ", servers.all()), last.reason(),
        "none of the " + servers.size() + " coordinators answered; is any of them running?", last);
  }

  private static byte[] errorBody(HttpResponse<?> res) {
    if (res.body() instanceof byte[] bytes) {
      return bytes;
    }
    try (InputStream in = (InputStream) res.body()) {
      return in.readNBytes(64 * 1024);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return authorization == null ? request : request.header("Authorization", authorization);
  }

  <T> T read(byte[] body, Class<T> type) {
    try {
      return READER.forType(type).readValue(body);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the reply of " + servers.current() + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  <T> T read(String body, Class<T> type) {
    return read(body.getBytes(StandardCharsets.UTF_8), type);
  }

  /** Maps a failure to get a reply from {@code server} to an {@link UnreachableException} that says how to fix it. */
  UnreachableException unreachable(String server, IOException e, Duration timeout) {
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
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return new UntrustedServerException(server, "its TLS certificate is not trusted: " + t.getMessage(), e);
      }
    }
    if (e instanceof SSLException && String.valueOf(e.getMessage()).contains("nrecognized SSL message")) {
      return new UnreachableException(server, "it does not speak TLS on this port",
          "use http:// for it, or start it with --tls-cert and --tls-key", e);
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
