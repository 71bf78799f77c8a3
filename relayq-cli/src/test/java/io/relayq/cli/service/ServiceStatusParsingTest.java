package io.relayq.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What systemctl show and launchctl print say, read into a status. */
class ServiceStatusParsingTest {
  private static final Path UNIT = Path.of("/etc/systemd/system/relayq-worker.service");
  private static final Path PLIST = Path.of("/Users/ann/Library/LaunchAgents/io.relayq.worker.plist");

  @Test
  void aRunningSystemdServiceShowsItsStartAndRestarts() {
    long pid = ProcessHandle.current().pid();
    ServiceStatus s = Systemd.fromShow(ServiceKind.WORKER, ServiceScope.SYSTEM, UNIT, true, """
        LoadState=loaded
        ActiveState=active
        SubState=running
        ExecMainStartTimestamp=Tue 2026-11-24 09:15:02 UTC
        NRestarts=3
        MainPID=%d
        """.formatted(pid));

    assertThat(s.installed()).isTrue();
    assertThat(s.running()).isTrue();
    assertThat(s.state()).isEqualTo("active (running)");
    assertThat(s.restarts()).isEqualTo(3);
    assertThat(s.pid()).isEqualTo(pid);
    assertThat(s.startedAt()).isEqualTo(ProcessHandle.current().info().startInstant().orElseThrow());
    assertThat(s.note()).isEqualTo("log: journalctl -u relayq-worker.service");
  }

  @Test
  void withoutItsProcessTheStartComesFromSystemdsTimestamp() {
    ServiceStatus s = Systemd.fromShow(ServiceKind.WORKER, ServiceScope.USER, UNIT, true, """
        ActiveState=active
        SubState=running
        ExecMainStartTimestamp=Tue 2026-11-24 09:15:02 UTC
        MainPID=0
        """);

    assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-11-24T09:15:02Z"));
    assertThat(s.note()).isEqualTo("log: journalctl --user -u relayq-worker.service");
  }

  @Test
  void aServiceWaitingToRestartIsNotRunning() {
    ServiceStatus s = Systemd.fromShow(ServiceKind.SERVER, ServiceScope.SYSTEM, UNIT, true, """
        LoadState=loaded
        ActiveState=activating
        SubState=auto-restart
        ExecMainStartTimestamp=
        NRestarts=12
        MainPID=0
        """);

    assertThat(s.running()).isFalse();
    assertThat(s.state()).isEqualTo("activating (auto-restart)");
    assertThat(s.restarts()).isEqualTo(12);
    assertThat(s.startedAt()).isNull();
    assertThat(s.pid()).isNull();
  }

  @Test
  void launchctlPrintGivesStatePidAndRuns() {
    ServiceStatus s = Launchd.fromPrint(ServiceKind.WORKER, ServiceScope.USER, PLIST, true, """
        gui/501/io.relayq.worker = {
        \tactive count = 1
        \tpath = /Users/ann/Library/LaunchAgents/io.relayq.worker.plist
        \ttype = LaunchAgent
        \tstate = running

        \tprogram = /opt/homebrew/opt/openjdk@21/bin/java
        \targuments = {
        \t\t/opt/homebrew/opt/openjdk@21/bin/java
        \t\tstate = not-this-one
        \t}

        \truns = 4
        \tpid = 0
        \tlast exit code = 1
        }
        """, Path.of("/Users/ann/.relayq/logs/worker.log"));

    assertThat(s.running()).isTrue();
    assertThat(s.state()).isEqualTo("running");
    assertThat(s.restarts()).isEqualTo(3);
    assertThat(s.note()).isEqualTo("log: /Users/ann/.relayq/logs/worker.log");
  }

  @Test
  void aPlistLaunchdHasNotLoadedIsInstalledButNotRunning() {
    ServiceStatus s = Launchd.fromPrint(ServiceKind.WORKER, ServiceScope.USER, PLIST, true, null, null);

    assertThat(s.installed()).isTrue();
    assertThat(s.running()).isFalse();
    assertThat(s.note()).contains("relayq install-service worker loads it again");
  }
}
