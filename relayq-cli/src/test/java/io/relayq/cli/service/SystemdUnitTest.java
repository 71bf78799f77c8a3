package io.relayq.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitTest {
  @TempDir
  Path dir;

  @Test
  void aWorkerUnitRestartsForEverWatchesThePollLoopAndDrainsOnStop() {
    String unit = SystemdUnit.render(Specs.worker(ServiceScope.SYSTEM, 25));

    assertThat(unit.lines()).contains(
        "Type=notify", "NotifyAccess=main", "WatchdogSec=30", "Restart=always", "RestartSec=2",
        "StartLimitIntervalSec=0", "KillMode=mixed", "TimeoutStopSec=150", "Nice=5", "MemoryMax=4G",
        "CPUQuota=200%", "NoNewPrivileges=yes", "ProtectSystem=full", "User=ann", "WantedBy=multi-user.target",
        "PrivateTmp=yes", "ProtectControlGroups=yes", "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
        "RestrictSUIDSGID=yes", "RestrictRealtime=yes", "LockPersonality=yes",
        "Environment=\"PATH=/opt/homebrew/bin:/usr/bin:/bin\"", "Environment=\"HOME=/home/ann\"",
        "WorkingDirectory=/home/ann");
    assertThat(unit).contains("ExecStart=" + JavaRuntime.currentJava() + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
        + " -Xss512k -Xms8m -Xmx256m -jar /home/ann/.relayq/lib/relayq.jar worker --drain-timeout 1m\n");
  }

  @Test
  void aUserUnitLeavesOutProtectSystemAndSaysWhy() {
    String unit = SystemdUnit.render(Specs.worker(ServiceScope.USER, 25));

    assertThat(unit.lines())
        .noneMatch(l -> l.startsWith("ProtectSystem=") || l.startsWith("User=") || l.startsWith("Environment=\"HOME="))
        .noneMatch(l -> l.startsWith("PrivateTmp=") || l.startsWith("ProtectControlGroups=")
            || l.startsWith("ProtectKernel") || l.startsWith("ProtectHome="))
        .contains("WantedBy=default.target", "NoNewPrivileges=yes", "RestrictSUIDSGID=yes", "LockPersonality=yes");
    assertThat(unit).contains("# ProtectSystem=, PrivateTmp= and ProtectControlGroups= are left out: in a user service");
  }

  @Test
  void onJava21TheUnitAcceptsNotificationsFromSystemdNotify() {
    String unit = SystemdUnit.render(Specs.worker(ServiceScope.SYSTEM, 21));

    assertThat(unit.lines()).contains("NotifyAccess=all").doesNotContain("NotifyAccess=main");
  }

  @Test
  void theServerUnitNamesItsReadinessCheck() {
    String unit = SystemdUnit.render(Specs.server(ServiceScope.SYSTEM));

    assertThat(unit).contains("/readyz").contains("TimeoutStopSec=30").contains(" server --bind 0.0.0.0\n")
        .doesNotContain("MemoryMax");
  }

  @Test
  void wordsWithSpacesQuotesPercentOrDollarAreQuotedSoNothingIsExpanded() {
    assertThat(SystemdUnit.quoteArg("/opt/My Java/bin/java")).isEqualTo("\"/opt/My Java/bin/java\"");
    assertThat(SystemdUnit.quoteArg("50%")).isEqualTo("\"50%%\"");
    assertThat(SystemdUnit.quoteArg("$HOME")).isEqualTo("\"$$HOME\"");
    assertThat(SystemdUnit.quoteArg("say \"hi\"\\")).isEqualTo("\"say \\\"hi\\\"\\\\\"");
    assertThat(SystemdUnit.quoteArg("--drain-timeout")).isEqualTo("--drain-timeout");
  }

  @Test
  void theUnitFileLivesInEtcOrInTheUsersConfig() {
    assertThat(SystemdUnit.file(ServiceKind.WORKER, ServiceScope.SYSTEM, Specs.HOME, Map.of()))
        .isEqualTo(Path.of("/etc/systemd/system/relayq-worker.service"));
    assertThat(SystemdUnit.file(ServiceKind.SERVER, ServiceScope.USER, Specs.HOME, Map.of()))
        .isEqualTo(Path.of("/home/ann/.config/systemd/user/relayq-server.service"));
    assertThat(SystemdUnit.file(ServiceKind.WORKER, ServiceScope.USER, Specs.HOME, Map.of("XDG_CONFIG_HOME", "/cfg")))
        .isEqualTo(Path.of("/cfg/systemd/user/relayq-worker.service"));
  }

  @Test
  void badLimitsAreRefusedWithAnExample() {
    assertThatThrownBy(() -> withLimits("4 gigs", null)).hasMessageContaining("--memory-max '4 gigs' is not a size")
        .hasMessageContaining("4G");
    assertThatThrownBy(() -> withLimits(null, "2")).hasMessageContaining("--cpu-quota '2' is not a percentage")
        .hasMessageContaining("200%");
  }

  @Test
  void aJavaOlderThan21IsRefused() {
    assertThatThrownBy(() -> Specs.worker(ServiceScope.SYSTEM, 17))
        .hasMessageContaining("is Java 17; relayq needs Java 21 or newer: pass another with --java PATH");
  }

  @Test
  void systemdAnalyzeVerifiesTheWorkerAndServerUnits() throws IOException, InterruptedException {
    Assumptions.assumeTrue(onPath("systemd-analyze"),
        "systemd-analyze is not installed (Debian package systemd): the units are not verified by systemd here");
    for (ServiceSpec spec : List.of(Specs.worker(ServiceScope.SYSTEM, 25), Specs.worker(ServiceScope.SYSTEM, 21),
        Specs.server(ServiceScope.SYSTEM), Specs.worker(ServiceScope.USER, 25), Specs.server(ServiceScope.USER))) {
      assertThat(verify(spec)).as(spec.kind() + " " + spec.scope() + " unit").isEmpty();
    }
  }

  @Test
  void systemdAnalyzeWouldCatchABrokenUnit() throws IOException, InterruptedException {
    Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed: skipped");
    ServiceSpec spec = Specs.worker(ServiceScope.SYSTEM, 25);
    String broken = SystemdUnit.render(spec).replace("Nice=5", "Nicety=5");

    assertThat(verify(spec.kind(), spec.scope(), broken)).anyMatch(l -> l.contains("Unknown key 'Nicety'"));
  }

  private ServiceSpec withLimits(String memory, String cpu) {
    ServiceSpec s = Specs.worker(ServiceScope.SYSTEM, 25);
    return new ServiceSpec(s.kind(), s.scope(), s.java(), s.javaFeature(), s.jar(), s.commandArgs(), s.runAs(),
        s.home(), s.nice(), memory, cpu, s.stopTimeout(), s.path());
  }

  private List<String> verify(ServiceSpec spec) throws IOException, InterruptedException {
    return verify(spec.kind(), spec.scope(), SystemdUnit.render(spec));
  }

  /** What systemd-analyze verify complains about, less the lines about a bus this container does not have. */
  private List<String> verify(ServiceKind kind, ServiceScope scope, String unit) throws IOException, InterruptedException {
    Path unitDir = Files.createTempDirectory(dir, "unit");
    Path file = unitDir.resolve(kind.unitName());
    Files.writeString(file, unit);
    List<String> argv = new ArrayList<>(List.of("systemd-analyze"));
    if (scope == ServiceScope.USER) {
      argv.add("--user");
    }
    argv.addAll(List.of("verify", "--man=no", "--generators=no", file.toString()));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    Path runtime = Files.createTempDirectory(dir, "run");
    pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    int code = p.waitFor();
    List<String> complaints = output.lines().filter(l -> !l.isBlank())
        .filter(l -> !l.contains("bus") && !l.contains("Bus")).toList();
    return code == 0 ? complaints : append(complaints, "exit code " + code);
  }

  private static List<String> append(List<String> lines, String line) {
    List<String> all = new ArrayList<>(lines);
    all.add(line);
    return all;
  }

  static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
