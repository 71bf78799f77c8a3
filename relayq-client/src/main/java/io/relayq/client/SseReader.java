package io.relayq.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Parses a {@code text/event-stream} body as the HTML standard defines it: fields up to a blank
 * line make an event, lines starting with a colon are comments (keep-alives), one space after the
 * field's colon is dropped, and an event without data is not dispatched.
 */
final class SseReader {
  private final BufferedReader lines;

  SseReader(InputStream in) {
    this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /**
   * The next event, or null at the end of the stream (an event cut off by the end is dropped: its
   * data may be incomplete). Calls {@code onLine} for every line read, comments included, so a
   * caller can tell a quiet connection from a dead one.
   */
  SseEvent next(Runnable onLine) throws IOException {
    String event = null;
    String id = null;
    StringBuilder data = null;
    String line;
    while ((line = lines.readLine()) != null) {
      onLine.run();
      if (line.isEmpty()) {
        if (data != null) {
          return new SseEvent(event == null ? "message" : event, id, data.toString());
        }
        event = null;
        id = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "id" -> id = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> {
          // "retry" and unknown fields: the client picks its own reconnect delay
        }
      }
    }
    return null;
  }
}
