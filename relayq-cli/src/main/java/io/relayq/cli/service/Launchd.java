package io.relayq.cli.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** launchd (macOS): a LaunchAgent of the user, or a LaunchDaemon, driven by launchctl. */
final class Launchd implements ServiceManager {
  private final Host host;

  Launchd(Host host) {
    this.host = host;
  }

  @Override
  public String name() {
    return "launchd";
  }

  @Override
  public Path definitionFile(ServiceKind kind, ServiceScope scope, Path home) {
    return LaunchdPlist.file(kind, scope, home);
  }

  @Override
  public String render(ServiceSpec spec) {
    if (spec.memoryMax() != null || spec.cpuQuota() != null) {
      throw new IllegalArgumentException("--memory-max and --cpu-quota are systemd limits; launchd on macOS has none"
          + " that work: leave them out here");
    }
    return LaunchdPlist.render(spec);
  }

  @Override
  public Optional<String> unavailable(ServiceScope scope) {
    return Optional.empty();
  }

  /** The launchd domain: {@code gui/UID} for an agent, {@code system} for a daemon. */
  String domain(ServiceScope scope) {
    return scope == ServiceScope.SYSTEM ? "system" : "gui/" + host.uid();
  }

  @Override
  public List<ServicePlan.Step> activate(ServiceSpec spec, Path file) {
    String domain = domain(spec.scope());
    return List.of(
        // unloading a service that is not loaded fails, which is fine: the point is a fresh load
        new ServicePlan.RunCommand(List.of("launchctl", "bootout", domain + "/" + spec.kind().launchdLabel()), true),
        new ServicePlan.RunCommand(List.of("launchctl", "bootstrap", domain, file.toString()), false));
  }

  @Override
  public List<ServicePlan.Step> deactivate(ServiceKind kind, ServiceScope scope, Path file) {
    return List.of(new ServicePlan.RunCommand(List.of("launchctl", "bootout", domain(scope) + "/" + kind.launchdLabel()), true));
  }

  @Override
  public List<ServicePlan.Step> afterRemoval(ServiceScope scope) {
    return List.of();
  }

  @Override
  public ServiceStatus status(ServiceKind kind, ServiceScope scope, Path file) {
    HostCommand.Result r = HostCommand.run(List.of("launchctl", "print", domain(scope) + "/" + kind.launchdLabel()));
    Path log = scope == ServiceScope.USER ? host.home().resolve(".relayq/logs/" + kind.command() + ".log") : null;
    return fromPrint(kind, scope, file, Files.exists(file), r.ok() ? r.out() : null, log);
  }

  /**
   * Reads the output of {@code launchctl print DOMAIN/LABEL}; a null {@code print} means launchd has
   * not loaded the service. {@code log} is the service's log file when known.
   */
  static ServiceStatus fromPrint(ServiceKind kind, ServiceScope scope, Path file, boolean installed, String print,
      Path log) {
    String scopeName = scope.name().toLowerCase(Locale.ROOT);
    if (print == null) {
      return new ServiceStatus(kind.command(), "launchd", scopeName, installed, file.toString(), false,
          "not loaded", null, null, null, installed ? "installed but not loaded: relayq install-service "
              + kind.command() + " loads it again" : null);
    }
    Map<String, String> p = new HashMap<>();
    print.lines().forEach(line -> {
      int eq = line.indexOf(" = ");
      // only the service's own top-level properties: nested blocks are indented further
      if (eq > 0 && line.startsWith("\t") && !line.startsWith("\t\t")) {
        p.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 3).strip());
      }
    });
    String state = p.getOrDefault("state", "unknown");
    long pid = parseLong(p.get("pid"));
    long runs = parseLong(p.get("runs"));
    Instant started = pid > 0 ? ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(null) : null;
    return new ServiceStatus(kind.command(), "launchd", scopeName, true, file.toString(), state.equals("running"),
        state, started, runs > 0 ? (int) runs - 1 : null, pid > 0 ? pid : null, log == null ? null : "log: " + log);
  }

  @Override
  public List<String> notesAfterInstall(ServiceSpec spec) {
    return List.of("log: " + LaunchdPlist.logFile(spec) + "     status: relayq service status " + spec.kind().command(),
        spec.scope() == ServiceScope.USER
            ? "a LaunchAgent runs while " + host.userName() + " is logged in: on a Mac that only runs jobs, turn on"
                + " automatic login, or install a LaunchDaemon with sudo and --run-as " + host.userName()
            : "the LaunchDaemon starts at boot, without anyone logged in");
  }

  private static long parseLong(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
