package io.relayq.cli.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** systemd: units in {@code /etc/systemd/system} or {@code ~/.config/systemd/user}, driven by systemctl. */
final class Systemd implements ServiceManager {
  /** The properties {@code service status} reads from {@code systemctl show}. */
  static final String PROPERTIES = "LoadState,ActiveState,SubState,ExecMainStartTimestamp,NRestarts,MainPID";
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);

  private final Host host;

  Systemd(Host host) {
    this.host = host;
  }

  @Override
  public String name() {
    return "systemd";
  }

  @Override
  public Path definitionFile(ServiceKind kind, ServiceScope scope, Path home) {
    return SystemdUnit.file(kind, scope, home, host.env());
  }

  @Override
  public String render(ServiceSpec spec) {
    return SystemdUnit.render(spec);
  }

  @Override
  public Optional<String> unavailable(ServiceScope scope) {
    if (!host.systemdBooted()) {
      return Optional.of("no systemd here (no /run/systemd/system: a container, or another init system): run `relayq"
          + " worker` under your own supervisor, or see docs/DEPLOY.md for the container setup; --dry-run shows the"
          + " unit without installing it");
    }
    if (scope == ServiceScope.USER) {
      HostCommand.Result r = HostCommand.run(SystemdUnit.systemctl(scope, "show-environment"));
      if (!r.ok()) {
        return Optional.of("no systemd user manager for " + host.userName() + " in this session (" + r.describe()
            + "): log in as " + host.userName() + " directly (not through su), or install a system service with sudo"
            + " and --run-as " + host.userName());
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ServicePlan.Step> activate(ServiceSpec spec, Path file) {
    String unit = spec.kind().unitName();
    return List.of(
        new ServicePlan.RunCommand(SystemdUnit.systemctl(spec.scope(), "daemon-reload"), false),
        new ServicePlan.RunCommand(SystemdUnit.systemctl(spec.scope(), "enable", unit), false),
        // restart, not start: installing again must bring up the new jar and options
        new ServicePlan.RunCommand(SystemdUnit.systemctl(spec.scope(), "restart", unit), false));
  }

  @Override
  public List<ServicePlan.Step> deactivate(ServiceKind kind, ServiceScope scope, Path file) {
    return List.of(new ServicePlan.RunCommand(SystemdUnit.systemctl(scope, "disable", "--now", kind.unitName()), true));
  }

  @Override
  public List<ServicePlan.Step> afterRemoval(ServiceScope scope) {
    return List.of(new ServicePlan.RunCommand(SystemdUnit.systemctl(scope, "daemon-reload"), true));
  }

  @Override
  public ServiceStatus status(ServiceKind kind, ServiceScope scope, Path file) {
    boolean installed = Files.exists(file);
    String scopeName = scope.name().toLowerCase(Locale.ROOT);
    Optional<String> unavailable = unavailable(scope);
    if (unavailable.isPresent()) {
      return new ServiceStatus(kind.command(), name(), scopeName, installed, file.toString(), null, null, null, null,
          null, unavailable.get());
    }
    HostCommand.Result r = HostCommand.run(SystemdUnit.systemctl(scope, "show", kind.unitName(), "-p", PROPERTIES));
    if (!r.ok()) {
      return new ServiceStatus(kind.command(), name(), scopeName, installed, file.toString(), null, null, null, null,
          null, r.describe());
    }
    return fromShow(kind, scope, file, installed, r.out());
  }

  /** Reads the output of {@code systemctl show -p PROPERTIES}. */
  static ServiceStatus fromShow(ServiceKind kind, ServiceScope scope, Path file, boolean installed, String show) {
    Map<String, String> p = new HashMap<>();
    show.lines().forEach(line -> {
      int eq = line.indexOf('=');
      if (eq > 0) {
        p.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    });
    String active = p.getOrDefault("ActiveState", "");
    String sub = p.getOrDefault("SubState", "");
    boolean running = active.equals("active") || active.equals("reloading");
    long pid = parseLong(p.get("MainPID"));
    Integer restarts = p.containsKey("NRestarts") ? (int) parseLong(p.get("NRestarts")) : null;
    String journal = (scope == ServiceScope.USER ? "journalctl --user -u " : "journalctl -u ") + kind.unitName();
    return new ServiceStatus(kind.command(), "systemd", scope.name().toLowerCase(Locale.ROOT),
        installed || !"not-found".equals(p.get("LoadState")), file.toString(), running,
        active.isEmpty() ? "unknown" : active + " (" + sub + ")", running ? startedAt(pid, p.get("ExecMainStartTimestamp")) : null,
        restarts, pid > 0 ? pid : null, "log: " + journal);
  }

  @Override
  public List<String> notesAfterInstall(ServiceSpec spec) {
    List<String> notes = new ArrayList<>();
    String unit = spec.kind().unitName().replace(".service", "");
    if (spec.scope() == ServiceScope.USER) {
      notes.add("log: journalctl --user -u " + unit + " -f     status: relayq service status " + spec.kind().command());
      HostCommand.Result linger = HostCommand.run(List.of("loginctl", "show-user", host.userName(), "-p", "Linger"));
      if (!linger.out().strip().equals("Linger=yes")) {
        notes.add("a user service runs only while " + host.userName() + " is logged in, unless lingering is on: run"
            + " `sudo loginctl enable-linger " + host.userName() + "` once so it starts at boot and keeps running after"
            + " logout");
      }
    } else {
      notes.add("log: journalctl -u " + unit + " -f     status: relayq service status " + spec.kind().command());
    }
    return notes;
  }

  private static Instant startedAt(long pid, String timestamp) {
    if (pid > 0) {
      Optional<Instant> start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
      if (start.isPresent()) {
        return start.get();
      }
    }
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(timestamp, TIMESTAMP).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static long parseLong(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
