package io.relayq.cli.health;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks systemd's notification protocol (see sd_notify(3)) when systemd started this process with
 * {@code Type=notify}: {@code READY=1} once it serves, {@code WATCHDOG=1} keep-alives,
 * {@code STOPPING=1} when it winds down, {@code STATUS=} lines for {@code systemctl status}.
 * Without {@code $NOTIFY_SOCKET} every call does nothing, so callers need not care whether they run
 * under systemd.
 *
 * <p>Never throws: a message that cannot be delivered is logged (the first failure as a warning,
 * later ones at debug), because a supervisor that cannot be told is no reason to stop working. The
 * watchdog then fires and systemd restarts the service, which the warning explains.
 */
public final class SystemdNotifier {
  private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);
  static final String SOCKET_ENV = "NOTIFY_SOCKET";
  static final String WATCHDOG_USEC_ENV = "WATCHDOG_USEC";
  static final String WATCHDOG_PID_ENV = "WATCHDOG_PID";

  private final String socket;
  private final NotifyTransport transport;
  private final Duration watchdogTimeout;
  private final AtomicBoolean warned = new AtomicBoolean();

  private SystemdNotifier(String socket, NotifyTransport transport, Duration watchdogTimeout) {
    this.socket = socket;
    this.transport = transport;
    this.watchdogTimeout = watchdogTimeout;
  }

  /**
   * The notifier for this process's environment: a working one when {@code NOTIFY_SOCKET} is set,
   * else one that does nothing. Sends through libc on Java 22+ and through {@code systemd-notify}
   * on Java 21; with neither, logs once why the service will not be seen as started.
   */
  public static SystemdNotifier fromEnvironment(Map<String, String> env) {
    String socket = env.get(SOCKET_ENV);
    if (socket == null || socket.isBlank()) {
      return none();
    }
    Optional<NotifyTransport> transport = LibcDatagramTransport.load().<NotifyTransport>map(t -> t)
        .or(() -> NotifyCommandTransport.find(env.get("PATH")));
    if (transport.isEmpty()) {
      log.warn("systemd asked for notifications (NOTIFY_SOCKET={}), but this Java {} cannot send them and"
          + " systemd-notify is not on PATH: systemd will time the start out. Run the service with Java 22+,"
          + " or install systemd-notify, or set Type=exec in the unit", socket, Runtime.version().feature());
      return none();
    }
    return new SystemdNotifier(socket, transport.get(), watchdogTimeout(env));
  }

  /** A notifier that sends nothing: for processes systemd does not supervise. */
  public static SystemdNotifier none() {
    return new SystemdNotifier(null, null, null);
  }

  /** A notifier over a given transport; for tests. */
  static SystemdNotifier over(String socket, NotifyTransport transport, Duration watchdogTimeout) {
    return new SystemdNotifier(socket, transport, watchdogTimeout);
  }

  /** Whether messages go anywhere. */
  public boolean enabled() {
    return transport != null;
  }

  /**
   * How often to send {@code WATCHDOG=1}: half of systemd's {@code WatchdogSec}, as sd_watchdog_enabled(3)
   * advises; empty when systemd watches no deadline for this process.
   */
  public Optional<Duration> watchdogInterval() {
    return enabled() && watchdogTimeout != null ? Optional.of(watchdogTimeout.dividedBy(2)) : Optional.empty();
  }

  /** {@code READY=1}: the service is up; systemd ends the start job and starts dependents. */
  public void ready(String status) {
    send("READY=1\nSTATUS=" + oneLine(status));
  }

  /** {@code WATCHDOG=1}: still working; resets systemd's watchdog deadline. */
  public void watchdog() {
    send("WATCHDOG=1");
  }

  /** {@code STOPPING=1}: winding down on purpose; systemd shows the unit as deactivating. */
  public void stopping(String status) {
    send("STOPPING=1\nSTATUS=" + oneLine(status));
  }

  /** {@code STATUS=}: one line shown by {@code systemctl status}. */
  public void status(String status) {
    send("STATUS=" + oneLine(status));
  }

  private void send(String message) {
    if (!enabled()) {
      return;
    }
    try {
      transport.send(socket, message);
    } catch (IOException e) {
      if (warned.compareAndSet(false, true)) {
        log.warn("cannot notify systemd through {} ({}): {}; if this goes on, systemd restarts the service when"
            + " its watchdog runs out", socket, transport.describe(), e.getMessage());
      } else {
        log.debug("cannot notify systemd: {}", e.getMessage());
      }
    }
  }

  private static String oneLine(String text) {
    return text.replace('\n', ' ');
  }

  /** {@code WATCHDOG_USEC}, unless {@code WATCHDOG_PID} says it is meant for another process. */
  private static Duration watchdogTimeout(Map<String, String> env) {
    String usec = env.get(WATCHDOG_USEC_ENV);
    String pid = env.get(WATCHDOG_PID_ENV);
    if (usec == null || usec.isBlank()) {
      return null;
    }
    if (pid != null && !pid.isBlank() && !pid.strip().equals(Long.toString(ProcessHandle.current().pid()))) {
      return null;
    }
    try {
      long micros = Long.parseLong(usec.strip());
      return micros > 0 ? Duration.ofNanos(micros * 1000) : null;
    } catch (NumberFormatException e) {
      log.warn("ignoring {}={}: not a number of microseconds", WATCHDOG_USEC_ENV, usec);
      return null;
    }
  }
}
