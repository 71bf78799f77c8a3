package io.relayq.cli.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayq.worker.WorkerHealth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sd_notify protocol against a real unix datagram socket standing in for systemd's. */
class SystemdNotifierTest {
  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void readyAndStoppingArriveAsSystemdReadsThem() throws Exception {
    try (NotifySocket socket = NotifySocket.bind(dir)) {
      SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.path()));
      assertThat(notifier.enabled()).isTrue();

      notifier.ready("worker w1 takes jobs");
      notifier.stopping("draining: 2 jobs still running");

      assertThat(socket.next(LIMIT)).isEqualTo("READY=1\nSTATUS=worker w1 takes jobs");
      assertThat(socket.next(LIMIT)).isEqualTo("STOPPING=1\nSTATUS=draining: 2 jobs still running");
    }
  }

  @Test
  void onJava22AndNewerTheMessageIsSentFromThisProcessThroughLibc() throws Exception {
    Assumptions.assumeTrue(Runtime.version().feature() >= 22, "libc is reached through the FFM API of Java 22+");
    LibcDatagramTransport libc = LibcDatagramTransport.load().orElseThrow();
    try (NotifySocket socket = NotifySocket.bind(dir)) {
      libc.send(socket.path(), "WATCHDOG=1");

      assertThat(socket.next(LIMIT)).isEqualTo("WATCHDOG=1");
    }
  }

  @Test
  void theSystemdNotifyProgramDeliversTheSameMessages() throws Exception {
    NotifyCommandTransport command = NotifyCommandTransport.find(System.getenv("PATH")).orElse(null);
    Assumptions.assumeTrue(command != null, "systemd-notify is not installed (Debian package systemd): skipped");
    try (NotifySocket socket = NotifySocket.bind(dir)) {
      SystemdNotifier.over(socket.path(), command, null).ready("up");

      assertThat(socket.await(m -> m.startsWith("READY=1"), LIMIT)).isEqualTo("READY=1\nSTATUS=up");
    }
  }

  @Test
  void aMessageThatCannotBeDeliveredIsLoggedNotThrown() {
    SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("absent").toString(),
        "PATH", System.getenv("PATH")));

    notifier.ready("up");
    notifier.watchdog();

    assertThat(notifier.enabled()).isTrue();
  }

  @Test
  void withoutNotifySocketNothingIsSentAndNoWatchdogRuns() {
    SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of());

    assertThat(notifier.enabled()).isFalse();
    assertThat(notifier.watchdogInterval()).isEmpty();
  }

  @Test
  void theWatchdogIntervalIsHalfOfWatchdogSec() {
    Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000",
        "PATH", System.getenv("PATH"));

    assertThat(SystemdNotifier.fromEnvironment(env).watchdogInterval()).contains(Duration.ofSeconds(15));
  }

  @Test
  void aWatchdogMeantForAnotherProcessIsIgnored() {
    Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000",
        "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid() + 1), "PATH", System.getenv("PATH"));

    assertThat(SystemdNotifier.fromEnvironment(env).watchdogInterval()).isEmpty();
  }

  @Test
  @SuppressWarnings("try") // the watchdog works on its own thread while it is open
  void theWatchdogKeepsSystemdAliveWhileThePollLoopComesRoundAndStopsWhenItIsStuck() throws Exception {
    try (NotifySocket socket = NotifySocket.bind(dir)) {
      SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.path(),
          "WATCHDOG_USEC", "100000", "PATH", System.getenv("PATH")));
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      AtomicReference<Instant> lastPoll = new AtomicReference<>(now);
      WorkerLiveness liveness = new WorkerLiveness(
          () -> new WorkerHealth(true, lastPoll.get(), now, false, 1), STALL_LIMIT, InstantSource.fixed(now));

      try (Watchdog watchdog = Watchdog.start(notifier, liveness)) {
        assertThat(socket.next(LIMIT)).isEqualTo("WATCHDOG=1");
        assertThat(socket.next(LIMIT)).isEqualTo("WATCHDOG=1");

        lastPoll.set(now.minus(STALL_LIMIT).minusSeconds(1));

        socket.await(m -> m.startsWith("STATUS=stalled"), LIMIT);
        // from now on every tick says why, and none keeps systemd's deadline alive
        for (int tick = 0; tick < 3; tick++) {
          assertThat(socket.next(LIMIT)).startsWith("STATUS=stalled: the poll loop has not come round for 61 s");
        }

        lastPoll.set(now);

        socket.await(m -> m.equals("WATCHDOG=1"), LIMIT);
      }
    }
  }

  @Test
  void aLongSocketPathIsRefusedWithItsLength() {
    String path = "/" + "x".repeat(120);

    assertThatThrownBy(() -> LibcDatagramTransport.sockaddrUn(path))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("122 bytes long").hasMessageContaining("at most 108");
  }

  @Test
  void anAbstractSocketNameStartsWithNulAndHasNoTerminator() throws IOException {
    byte[] address = LibcDatagramTransport.sockaddrUn("@relayq");

    assertThat(address).hasSize(2 + 7);
    assertThat(address[2]).isZero();
    assertThat(new String(address, 3, 6, StandardCharsets.US_ASCII)).isEqualTo("relayq");
  }
}
