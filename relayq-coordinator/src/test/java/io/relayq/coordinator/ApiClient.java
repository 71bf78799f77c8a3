package io.relayq.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Plain HTTP calls to a coordinator, as any client would make them; no relayq client code. Every
 * request carries the client's token, when it has one.
 */
final class ApiClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A client of the same coordinator with another token; null sends none. */
  ApiClient withToken(String other) {
    return new ApiClient(base, other);
  }

  /** A response with its body kept as bytes. */
  record Response(int status, byte[] body, String contentType) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
      }
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }

    String errorMessage() {
      return json().path("error").path("message").asText();
    }
  }

  Response get(String path) {
    return send(request(path).GET().build());
  }

  /** The response headers of a GET. */
  java.net.http.HttpHeaders headers(String path) {
    try {
      return http.send(request(path).GET().build(), BodyHandlers.discarding()).headers();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Response get(String path, Map<String, String> headers) {
    HttpRequest.Builder b = request(path).GET();
    headers.forEach(b::header);
    return send(b.build());
  }

  Response postJson(String path, String json) {
    return postJson(path, json, Map.of());
  }

  Response postJson(String path, String json, Map<String, String> headers) {
    HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(json));
    headers.forEach(b::header);
    return send(b.build());
  }

  CompletableFuture<Response> postJsonAsync(String path, String json) {
    HttpRequest r = request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json))
        .build();
    return http.sendAsync(r, BodyHandlers.ofByteArray())
        .thenApply(res -> new Response(res.statusCode(), res.body(), contentType(res)));
  }

  Response post(String path, String contentType, byte[] body) {
    HttpRequest.Builder b = request(path).POST(BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  /** Sends raw bytes with the given headers, as a file transfer does. */
  Response sendBytes(String method, String path, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b = request(path).method(method, BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return send(b.build());
  }

  Response send(String method, String path) {
    return send(request(path).method(method, BodyPublishers.noBody()).build());
  }

  /** Opens a server-sent event stream and reads it in the background. */
  SseReader stream(String path, Map<String, String> headers) {
    HttpRequest.Builder b = request(path).GET();
    headers.forEach(b::header);
    return SseReader.open(http, b.build());
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<byte[]> res = http.send(request, BodyHandlers.ofByteArray());
      return new Response(res.statusCode(), res.body(), contentType(res));
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String contentType(HttpResponse<?> res) {
    return res.headers().firstValue("Content-Type").orElse(null);
  }
}
