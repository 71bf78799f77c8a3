package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.relayq.core.RecordedEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconnect and failure side of an event subscription, which a healthy coordinator rarely
 * shows: the event stream served here ends early, or stays open without events.
 */
class EventFeedTest {
  private HttpServer server;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final List<Long> delivered = new CopyOnWriteArrayList<>();
  private final CountDownLatch stopServing = new CountDownLatch(1);

  @AfterEach
  void stop() {
    stopServing.countDown();
    server.stop(0);
  }

  /** A handler of connection number {@code n} (from 0) writing to the response body. */
  private interface Script {
    void serve(int n, OutputStream out) throws IOException, InterruptedException;
  }

  private HttpTransport serve(Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> {
      int n = queries.size();
      queries.add(ex.getRequestURI().getRawQuery());
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        script.serve(n, out);
      } catch (InterruptedException | IOException e) {
        // the client went away or the server stops
      }
    });
    server.start();
    return new HttpTransport(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  /** Serves connection {@code n} with {@code text(n)}, then holds it open (or closes it when asked). */
  private HttpTransport serve(IntFunction<String> text, boolean holdOpen) throws IOException {
    return serve((n, out) -> {
      out.write(text.apply(n).getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (holdOpen) {
        stopServing.await();
      }
    });
  }

  private static String job(long seq) {
    return "event: job\nid: " + seq + "\ndata: {\"seq\":" + seq + ",\"jobId\":\"j_" + seq
        + "\",\"at\":\"2030-01-01T00:00:00Z\",\"type\":\"submitted\",\"state\":\"queued\",\"attempt\":0}\n\n";
  }

  private static final String WORKER = "event: worker\ndata: {\"name\":\"w1\",\"status\":\"online\"}\n\n";

  @Test
  void aDroppedStreamIsResumedAfterTheLastEventDelivered() throws Exception {
    HttpTransport http = serve((n, out) -> {
      out.write((n == 0 ? job(4) + WORKER + job(5) : job(5) + job(6)).getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (n > 0) {
        stopServing.await();
      }
    });

    try (EventFeed feed = EventFeed.start(http, -1, e -> delivered.add(e.seq()), Duration.ofSeconds(30))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 3);
      assertThat(feed.lastSeq()).isEqualTo(6);
    }

    assertThat(delivered).containsExactly(4L, 5L, 6L);
    assertThat(queries).containsExactly("live=true", "after=5");
  }

  @Test
  void aListenerThatThrowsEndsTheSubscriptionAndIsReported() throws Exception {
    HttpTransport http = serve(n -> job(1) + job(2), true);
    IllegalStateException boom = new IllegalStateException("boom");

    EventFeed feed = EventFeed.start(http, 0, e -> {
      delivered.add(e.seq());
      throw boom;
    }, Duration.ofSeconds(30));

    await().atMost(Duration.ofSeconds(10)).until(() -> !feed.isOpen());
    assertThat(feed.failure()).containsSame(boom);
    assertThat(delivered).containsExactly(1L);
    assertThat(queries).containsExactly("after=0");
    feed.close();
  }

  @Test
  void noEventArrivesAfterCloseReturns() throws Exception {
    HttpTransport http = serve((n, out) -> {
      for (long seq = 1; ; seq++) {
        out.write(job(seq).getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(5);
      }
    });
    EventFeed feed = EventFeed.start(http, 0, e -> delivered.add(e.seq()), Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() >= 3);

    feed.close();
    int seen = delivered.size();

    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> delivered.size() == seen);
    assertThat(feed.isOpen()).isFalse();
    assertThat(feed.failure()).isEmpty();
    assertThat(queries).containsExactly("after=0");
  }

  @Test
  void aSilentConnectionIsReplaced() throws Exception {
    List<RecordedEvent> events = new CopyOnWriteArrayList<>();
    HttpTransport http = serve(n -> n == 0 ? job(1) : job(2), true);

    try (EventFeed feed = EventFeed.start(http, 0, events::add, Duration.ofMillis(300))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
    }

    assertThat(events).extracting(RecordedEvent::jobId).containsExactly("j_1", "j_2");
    assertThat(queries).startsWith("after=0", "after=1");
  }
}
