package io.relayq.cli.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The init system that keeps relayq running: systemd on Linux, launchd on macOS. */
public interface ServiceManager {
  /** The manager for {@code host}; throws {@link IllegalStateException} on other systems, saying what to do instead. */
  static ServiceManager forHost(Host host) {
    return switch (host.os()) {
      case LINUX -> new Systemd(host);
      case MACOS -> new Launchd(host);
      case OTHER -> throw new IllegalStateException("relayq installs services with systemd (Linux) and launchd (macOS),"
          + " and this is " + System.getProperty("os.name") + ": run `relayq worker` under this system's own"
          + " service manager, or see docs/DEPLOY.md for containers");
    };
  }

  /** {@code systemd} or {@code launchd}. */
  String name();

  /** Where the service definition of {@code kind} lives for a service running with {@code home}. */
  Path definitionFile(ServiceKind kind, ServiceScope scope, Path home);

  /** The service definition's text. */
  String render(ServiceSpec spec);

  /**
   * Why services of {@code scope} cannot be managed here right now, with the fix; empty when they
   * can. Checks that the manager runs, not that the caller may change it.
   */
  Optional<String> unavailable(ServiceScope scope);

  /** The commands that (re)load the definition at {@code file} and (re)start the service. */
  List<ServicePlan.Step> activate(ServiceSpec spec, Path file);

  /** The commands that stop the service and keep it from starting again; the file is removed after them. */
  List<ServicePlan.Step> deactivate(ServiceKind kind, ServiceScope scope, Path file);

  /** The commands to run once the file is gone. */
  List<ServicePlan.Step> afterRemoval(ServiceScope scope);

  /** What the manager says about the service; the file tells whether it is installed. */
  ServiceStatus status(ServiceKind kind, ServiceScope scope, Path file);

  /** Things to tell the user after an install, like how to read the service's log. */
  List<String> notesAfterInstall(ServiceSpec spec);
}
