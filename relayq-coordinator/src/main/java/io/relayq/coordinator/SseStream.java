package io.relayq.coordinator;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent event stream written by hand on the servlet response, so it works for any client
 * (curl without {@code Accept: text/event-stream} too). Every event is flushed at once. A write to
 * a client that went away throws {@link IOException}, which ends the stream.
 */
final class SseStream {
  /** Proxies and load balancers drop connections that stay silent; a comment line keeps them up. */
  static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);

  private final ServletOutputStream out;
  private long lastWriteNanos;

  SseStream(HttpServletResponse res) throws IOException {
    res.setStatus(200);
    res.setContentType("text/event-stream;charset=utf-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    out = res.getOutputStream();
    out.flush();
    lastWriteNanos = System.nanoTime();
  }

  /** Sends one event; {@code id} may be null. Multi-line data is split into data lines. */
  void event(String name, String id, String data) throws IOException {
    StringBuilder b = new StringBuilder(data.length() + 64);
    b.append("event: ").append(name).append('\n');
    if (id != null) {
      b.append("id: ").append(id).append('\n');
    }
    for (String line : data.split("\n", -1)) {
      b.append("data: ").append(line).append('\n');
    }
    b.append('\n');
    write(b.toString());
  }

  /** Sends {@code : keepalive} when nothing was written for 15 s. */
  void keepaliveIfIdle() throws IOException {
    if (System.nanoTime() - lastWriteNanos >= KEEPALIVE_NANOS) {
      write(": keepalive\n\n");
    }
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    lastWriteNanos = System.nanoTime();
  }
}
