package io.relayq.cli.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a {@link ServiceSpec} down as a systemd service unit, with a comment on each choice so a
 * reader of {@code systemctl cat} knows why it is there.
 */
public final class SystemdUnit {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@-]+");

  private SystemdUnit() {}

  /** Where the unit of {@code kind} lives: {@code /etc/systemd/system} or the user's {@code systemd/user}. */
  public static Path file(ServiceKind kind, ServiceScope scope, Path home, Map<String, String> env) {
    if (scope == ServiceScope.SYSTEM) {
      return Path.of("/etc/systemd/system", kind.unitName());
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : home.resolve(".config");
    return config.resolve("systemd").resolve("user").resolve(kind.unitName());
  }

  /** The unit file's text. */
  public static String render(ServiceSpec s) {
    boolean user = s.scope() == ServiceScope.USER;
    String systemctl = user ? "systemctl --user" : "systemctl";
    String unit = s.kind().unitName().replace(".service", "");
    StringBuilder u = new StringBuilder();
    u.append("# ").append(s.kind().description()).append(".\n");
    u.append("# Written by `relayq install-service ").append(s.kind().command()).append("`: run it again to change what is\n");
    u.append("# below; local additions belong in `").append(systemctl).append(" edit ").append(unit).append("`.\n");
    u.append("# Settings: ").append(s.configFile()).append(", then `").append(systemctl).append(" restart ")
        .append(unit).append("`.\n\n");

    u.append("[Unit]\n");
    u.append("Description=").append(escapeText(s.kind().description())).append('\n');
    u.append("Wants=network-online.target\n");
    u.append("After=network-online.target\n");
    u.append("# keep restarting however often it fails: the coordinator or the network may be away for hours\n");
    u.append("StartLimitIntervalSec=0\n\n");

    u.append("[Service]\n");
    if (s.kind() == ServiceKind.WORKER) {
      u.append("# relayq sends READY=1 once registered with its coordinator, then WATCHDOG=1 every 15 s, but only\n");
      u.append("# while its poll loop keeps coming round: a hung worker is killed and restarted within 30 s more.\n");
    } else {
      u.append("# relayq sends READY=1 once it serves HTTP, then WATCHDOG=1 every 15 s, but only while its own\n");
      u.append("# /readyz answers: a hung coordinator is killed and restarted within 30 s more.\n");
    }
    u.append("Type=notify\n");
    if (s.notifiesFromMainPid()) {
      u.append("NotifyAccess=main\n");
    } else {
      u.append("# on Java ").append(s.javaFeature()).append(" relayq notifies through the systemd-notify program, whose messages\n");
      u.append("# come from its own pid; with Java ").append(ServiceSpec.NOTIFY_FROM_MAIN_PID_JAVA)
          .append("+ this can be NotifyAccess=main\n");
      u.append("NotifyAccess=all\n");
    }
    u.append("WatchdogSec=30\n");
    u.append("Restart=always\n");
    u.append("RestartSec=2\n");
    u.append("ExecStart=").append(s.argv().stream().map(SystemdUnit::quoteArg).collect(Collectors.joining(" ")))
        .append('\n');
    if (s.path() != null) {
      u.append("# the PATH install-service ran with, so jobs find the same tools as in that shell\n");
      u.append("Environment=").append(quoteAssignment("PATH=" + s.path())).append('\n');
    }
    if (!user) {
      u.append("# relayq keeps its config, jar and state in HOME/.relayq: this one, whoever runs the service\n");
      u.append("Environment=").append(quoteAssignment("HOME=" + s.home())).append('\n');
    }
    u.append("WorkingDirectory=").append(escapeText(s.home().toString())).append('\n');
    if (s.kind() == ServiceKind.WORKER) {
      u.append("# SIGTERM goes to relayq alone, which drains: it takes no new jobs and lets running ones finish\n");
      u.append("# (up to --drain-timeout), then stops the rest and reports them; only what is still left after\n");
      u.append("# TimeoutStopSec is killed.\n");
    } else {
      u.append("# SIGTERM goes to relayq alone, which stops serving and closes the store cleanly.\n");
    }
    u.append("KillMode=mixed\n");
    u.append("TimeoutStopSec=").append(s.stopTimeout().toSeconds()).append('\n');
    u.append(s.kind() == ServiceKind.WORKER
        ? "# the niceness of relayq; its jobs run at this plus worker.nice\n"
        : "# the niceness of the coordinator\n");
    u.append("Nice=").append(s.nice()).append('\n');
    if (s.memoryMax() != null || s.cpuQuota() != null) {
      u.append("# limits for relayq and every job it runs, together: a runaway job cannot take the machine down\n");
    }
    if (s.memoryMax() != null) {
      u.append("MemoryMax=").append(s.memoryMax()).append('\n');
    }
    if (s.cpuQuota() != null) {
      u.append("CPUQuota=").append(s.cpuQuota()).append('\n');
    }
    u.append("# Sandboxing that leaves jobs working. No job can gain privileges: setuid programs such as sudo\n");
    u.append("# fail inside jobs.\n");
    u.append("NoNewPrivileges=yes\n");
    u.append("# no new setuid/setgid files, no realtime scheduling, no switching of the execution domain\n");
    u.append("RestrictSUIDSGID=yes\n");
    u.append("RestrictRealtime=yes\n");
    u.append("LockPersonality=yes\n");
    if (user) {
      u.append("# ProtectSystem=, PrivateTmp= and ProtectControlGroups= are left out: in a user service they would\n");
      u.append("# put relayq in a user namespace, where jobs lose their supplementary groups (docker, video...).\n");
      u.append("# Install as a system service for them.\n");
    } else {
      u.append("# /usr, /boot and /etc are read-only for relayq and its jobs; home directories, /var and /srv stay\n");
      u.append("# writable. \"strict\" would make every path read-only, which most jobs cannot live with.\n");
      u.append("ProtectSystem=full\n");
      u.append("# jobs share a /tmp of their own, emptied when the service stops; nobody else's files are in it\n");
      u.append("PrivateTmp=yes\n");
      u.append("# cgroups, kernel tunables and modules are the host's business, not a job's\n");
      u.append("ProtectControlGroups=yes\n");
      u.append("ProtectKernelTunables=yes\n");
      u.append("ProtectKernelModules=yes\n");
      u.append("# ProtectHome= is left out: jobs run in the service user's home and often read other checkouts.\n");
      u.append("# Stricter options a site may add with systemctl edit: see docs/SECURITY.md.\n");
      u.append("User=").append(s.runAs()).append('\n');
    }
    u.append("\n[Install]\n");
    u.append("WantedBy=").append(user ? "default.target" : "multi-user.target").append('\n');
    return u.toString();
  }

  /**
   * One {@code ExecStart=} word: plain words as they are, others in double quotes with {@code \}
   * and {@code "} escaped. {@code %} (specifiers) and {@code $} (variables) are doubled everywhere,
   * so no part of a path is ever expanded.
   */
  static String quoteArg(String arg) {
    String escaped = arg.replace("%", "%%").replace("$", "$$");
    if (!arg.isEmpty() && PLAIN.matcher(arg).matches()) {
      return escaped;
    }
    return '"' + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** A whole {@code Environment=} assignment in double quotes; only {@code %} is special there besides quoting. */
  static String quoteAssignment(String assignment) {
    return '"' + assignment.replace("%", "%%").replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Free text in a unit: only specifiers are special. */
  static String escapeText(String text) {
    return text.replace("%", "%%");
  }

  /** The systemctl invocation for {@code scope}: {@code systemctl} or {@code systemctl --user}. */
  static List<String> systemctl(ServiceScope scope, String... args) {
    List<String> argv = new ArrayList<>(scope == ServiceScope.USER ? List.of("systemctl", "--user")
        : List.of("systemctl"));
    argv.addAll(List.of(args));
    return argv;
  }
}
