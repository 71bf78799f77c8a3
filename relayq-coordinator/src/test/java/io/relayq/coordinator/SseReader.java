package io.relayq.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Reads a server-sent event stream line by line in the background and collects its events, so a
 * test can wait (with Awaitility) for the events it expects.
 */
final class SseReader implements AutoCloseable {
  /** One event as received. */
  record Event(String name, String id, String data) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final List<Event> events = new ArrayList<>();
  private volatile int status;
  private volatile String contentType;
  private volatile boolean ended;
  private volatile Stream<String> lines;
  private final CompletableFuture<Void> done;

  private SseReader(HttpClient http, HttpRequest request) {
    done = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(res -> {
      status = res.statusCode();
      contentType = res.headers().firstValue("Content-Type").orElse(null);
      lines = res.body();
      read(res.body());
    });
  }

  static SseReader open(HttpClient http, HttpRequest request) {
    return new SseReader(http, request);
  }

  private void read(Stream<String> body) {
    String name = null;
    String id = null;
    StringBuilder data = null;
    try {
      for (String line : (Iterable<String>) body::iterator) {
        if (line.isEmpty()) {
          if (name != null || data != null) {
            add(new Event(name, id, data == null ? "" : data.toString()));
          }
          name = null;
          id = null;
          data = null;
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        }
      }
    } catch (UncheckedIOException e) {
      // the test closed the stream
    } finally {
      ended = true;
    }
  }

  private synchronized void add(Event e) {
    events.add(e);
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  List<Event> events(String name) {
    return events().stream().filter(e -> name.equals(e.name())).toList();
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  /** True once the server closed the stream. */
  boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    Stream<String> l = lines;
    if (l != null) {
      l.close();
    }
    done.cancel(true);
  }
}
