package io.relayq.cli.service;

import java.nio.file.Path;

/**
 * Writes a {@link ServiceSpec} down as a launchd property list (macOS): a LaunchAgent of the user
 * in {@code ~/Library/LaunchAgents}, or a LaunchDaemon in {@code /Library/LaunchDaemons} that runs
 * as {@code runAs}. launchd has no watchdog protocol and no memory or CPU caps that work on current
 * macOS; {@code KeepAlive} restarts the process whenever it exits.
 */
public final class LaunchdPlist {
  /** launchd waits this long between two starts of a service that keeps exiting (its own minimum is 10 s). */
  static final int THROTTLE_SECONDS = 10;

  private LaunchdPlist() {}

  /** Where the plist of {@code kind} lives. */
  public static Path file(ServiceKind kind, ServiceScope scope, Path home) {
    Path dir = scope == ServiceScope.SYSTEM ? Path.of("/Library/LaunchDaemons") : home.resolve("Library/LaunchAgents");
    return dir.resolve(kind.launchdLabel() + ".plist");
  }

  /** Where the service's stdout and stderr go: {@code ~/.relayq/logs/KIND.log}. */
  public static Path logFile(ServiceSpec s) {
    return s.home().resolve(".relayq").resolve("logs").resolve(s.kind().command() + ".log");
  }

  /** The plist's text. */
  public static String render(ServiceSpec s) {
    StringBuilder p = new StringBuilder();
    p.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    p.append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
    p.append("<!-- ").append(s.kind().description()).append(".\n");
    p.append("     Written by `relayq install-service ").append(s.kind().command())
        .append("`: run it again to change it. Settings: ").append(xml(s.configFile().toString())).append(" -->\n");
    p.append("<plist version=\"1.0\">\n<dict>\n");
    key(p, "Label").append("  <string>").append(s.kind().launchdLabel()).append("</string>\n");
    key(p, "ProgramArguments").append("  <array>\n");
    for (String arg : s.argv()) {
      p.append("    <string>").append(xml(arg)).append("</string>\n");
    }
    p.append("  </array>\n");
    p.append("  <!-- HOME: where relayq keeps its config, jar and state (.relayq); PATH: the one install-service\n");
    p.append("       ran with, so jobs find the same tools (Homebrew...) as in that shell -->\n");
    key(p, "EnvironmentVariables").append("  <dict>\n");
    if (s.path() != null) {
      p.append("    <key>PATH</key>\n    <string>").append(xml(s.path())).append("</string>\n");
    }
    p.append("    <key>HOME</key>\n    <string>").append(xml(s.home().toString())).append("</string>\n");
    p.append("  </dict>\n");
    key(p, "WorkingDirectory").append("  <string>").append(xml(s.home().toString())).append("</string>\n");
    if (s.scope() == ServiceScope.SYSTEM) {
      key(p, "UserName").append("  <string>").append(xml(s.runAs())).append("</string>\n");
    }
    p.append("  <!-- start at login (at boot for a LaunchDaemon) and again whenever it exits -->\n");
    key(p, "RunAtLoad").append("  <true/>\n");
    key(p, "KeepAlive").append("  <true/>\n");
    key(p, "ThrottleInterval").append("  <integer>").append(THROTTLE_SECONDS).append("</integer>\n");
    p.append("  <!-- Background: macOS keeps it from slowing down what you do on this Mac; on a machine that\n");
    p.append("       only runs jobs, Standard lets them use all of it -->\n");
    key(p, "ProcessType").append("  <string>Background</string>\n");
    key(p, "Nice").append("  <integer>").append(s.nice()).append("</integer>\n");
    p.append("  <!-- on stop relayq drains: running jobs may finish before it exits -->\n");
    key(p, "ExitTimeOut").append("  <integer>").append(s.stopTimeout().toSeconds()).append("</integer>\n");
    String log = xml(logFile(s).toString());
    key(p, "StandardOutPath").append("  <string>").append(log).append("</string>\n");
    key(p, "StandardErrorPath").append("  <string>").append(log).append("</string>\n");
    p.append("</dict>\n</plist>\n");
    return p.toString();
  }

  private static StringBuilder key(StringBuilder p, String name) {
    return p.append("  <key>").append(name).append("</key>\n");
  }

  /** Text in an XML element or comment: the five characters XML reserves are escaped, {@code --} is split. */
  static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;").replace("--", "-&#45;");
  }
}
