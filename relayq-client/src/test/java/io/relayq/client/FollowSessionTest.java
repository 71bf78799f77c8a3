package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.Json;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconnect side of following a job, which a healthy coordinator never shows: an event stream
 * served here ends or goes silent before its {@code end} event.
 */
class FollowSessionTest {
  private static final String JOB = "j_0q3c5m8x2kd4h7rt";
  private HttpServer server;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final List<String> received = new ArrayList<>();

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Serves connection number {@code n} (from 0) with the text {@code script} returns. */
  private HttpTransport serve(IntFunction<String> script, Duration holdAfter) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", (HttpExchange ex) -> {
      int n = queries.size();
      queries.add(ex.getRequestURI().getRawQuery());
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(script.apply(n).getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (n == 0 && !holdAfter.isZero()) {
          Thread.sleep(holdAfter);
        }
      } catch (InterruptedException | IOException e) {
        // the client went away or the server stops
      }
    });
    server.start();
    return new HttpTransport(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  private static String output(long seq, String text) {
    String data = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    return "event: output\nid: " + seq + "\ndata: {\"attempt\":1,\"stream\":\"stdout\",\"offset\":0,\"data\":\"" + data
        + "\"}\n\n";
  }

  private static String end() throws IOException {
    JobView done = new JobView(JOB, JobState.SUCCEEDED, "echo", 1, 1, false, "w1", 0, EndReason.EXIT, null, null,
        null, null, null, null, null, null, null, null, null, null, null);
    return "event: end\ndata: " + Json.mapper().writeValueAsString(done) + "\n\n";
  }

  private JobView follow(HttpTransport http, Duration idleLimit) {
    OutputListener listener = (attempt, stream, seq, data) -> {
      assertThat(stream).isEqualTo(OutputChannel.STDOUT);
      received.add(seq + ":" + new String(data, StandardCharsets.UTF_8));
    };
    return new FollowSession(http, JOB, listener, idleLimit).run(0);
  }

  @Test
  void aStreamThatEndsEarlyIsResumedAfterTheLastSeenPosition() throws Exception {
    String end = end();
    HttpTransport http = serve(n -> n == 0 ? output(1, "a") + ": keepalive\n\n" + output(2, "b") : output(3, "c") + end,
        Duration.ZERO);

    JobView done = follow(http, Duration.ofSeconds(30));

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(received).containsExactly("1:a", "2:b", "3:c");
    assertThat(queries).containsExactly("follow=true&after=0", "follow=true&after=2");
  }

  @Test
  void aSilentStreamIsTakenForDeadAndReplaced() throws Exception {
    String end = end();
    HttpTransport http = serve(n -> n == 0 ? output(1, "a") : end, Duration.ofSeconds(30));

    JobView done = follow(http, Duration.ofMillis(300));

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(received).containsExactly("1:a");
    assertThat(queries).containsExactly("follow=true&after=0", "follow=true&after=1");
  }

  @Test
  void aFollowWithADeadlineGivesUpWhenItPassesThoughTheStreamStaysOpen() throws Exception {
    HttpTransport http = serve(n -> output(1, "a"), Duration.ofSeconds(30));
    long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();

    JobView done = new FollowSession(http, JOB, (attempt, stream, seq, data) -> { }, Duration.ofSeconds(30), deadline)
        .run(0);

    assertThat(done).isNull();
    assertThat(System.nanoTime() - deadline).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void outputRepeatedAfterAReconnectIsDeliveredOnce() throws Exception {
    String end = end();
    HttpTransport http = serve(n -> n == 0 ? output(1, "a") : output(1, "a") + output(2, "b") + end, Duration.ZERO);

    follow(http, Duration.ofSeconds(30));

    assertThat(received).containsExactly("1:a", "2:b");
  }
}
