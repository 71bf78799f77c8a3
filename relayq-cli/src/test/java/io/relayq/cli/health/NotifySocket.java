package io.relayq.cli.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A unix datagram socket standing in for systemd's {@code $NOTIFY_SOCKET}. The JDK cannot create
 * unix datagram sockets, so a small python3 program binds it and prints every datagram it receives
 * as one JSON string per line; tests are skipped with a message when python3 is missing.
 */
public final class NotifySocket implements AutoCloseable {
  private static final String RECEIVER = """
      import json, socket, sys
      s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
      s.bind(sys.argv[1])
      print("bound", flush=True)
      while True:
          print(json.dumps(s.recv(65536).decode()), flush=True)
      """;

  private final Process process;
  private final Path path;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private NotifySocket(Process process, Path path) {
    this.process = process;
    this.path = path;
  }

  /** Binds {@code dir/notify.sock}; skips the calling test when python3 is not installed. */
  public static NotifySocket bind(Path dir) throws IOException {
    Assumptions.assumeTrue(onPath("python3"), "python3 is not installed: it stands in for systemd's notify socket"
        + " (Java cannot create unix datagram sockets), so this test is skipped");
    Path path = dir.resolve("notify.sock");
    Process p = new ProcessBuilder("python3", "-c", RECEIVER, path.toString()).redirectErrorStream(true).start();
    NotifySocket socket = new NotifySocket(p, path);
    BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String first = reader.readLine();
    if (!"bound".equals(first)) {
      p.destroyForcibly();
      throw new IllegalStateException("the python3 receiver did not bind " + path + ": " + first);
    }
    ObjectMapper json = new ObjectMapper();
    Thread.ofPlatform().daemon().name("notify-socket-reader").start(() -> {
      try {
        for (String line; (line = reader.readLine()) != null; ) {
          socket.messages.add(json.readValue(line, String.class));
        }
      } catch (IOException e) {
        // the receiver was stopped
      }
    });
    return socket;
  }

  /** The socket path, the value of {@code NOTIFY_SOCKET}. */
  public String path() {
    return path.toString();
  }

  /** Waits up to {@code limit} for a datagram that matches and returns it; fails the test otherwise. */
  public String await(Predicate<String> match, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String m = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
      if (m == null) {
        throw new AssertionError("no matching notification within " + limit.toMillis() + " ms; received: " + seen);
      }
      seen.add(m);
      if (match.test(m)) {
        return m;
      }
    }
  }

  /** The next datagram, waiting up to {@code limit}. */
  public String next(Duration limit) throws InterruptedException {
    String m = messages.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
    assertThat(m).as("a notification within " + limit.toMillis() + " ms; received so far: " + seen).isNotNull();
    seen.add(m);
    return m;
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(path);
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
