package io.relayq.cli;

import io.relayq.cli.service.Host;
import io.relayq.cli.service.ServiceManager;
import io.relayq.cli.service.ServiceScope;

/**
 * The host and its service manager, as the service commands find them; an unsupported system is a
 * {@link CliException} that says what to do instead.
 */
record ServiceTarget(Host host, ServiceManager manager) {
  static ServiceTarget of(CliContext ctx) {
    Host host = Host.current(ctx.env(), ctx.relayqHome().getParent());
    try {
      return new ServiceTarget(host, ServiceManager.forHost(host));
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.FAILED, e.getMessage());
    }
  }

  /**
   * The scope when the user chose none: a system service, except for a user other than root on
   * macOS, where a LaunchAgent of their own is the usual way.
   */
  ServiceScope defaultScope() {
    return host.os() == Host.Os.MACOS && !host.root() ? ServiceScope.USER : ServiceScope.SYSTEM;
  }

  /** The other scope, to look in when the service is not found where expected. */
  static ServiceScope other(ServiceScope scope) {
    return scope == ServiceScope.SYSTEM ? ServiceScope.USER : ServiceScope.SYSTEM;
  }
}
