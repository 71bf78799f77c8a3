package io.relayq.cli.service;

/** Whose service manager runs the service. */
public enum ServiceScope {
  /** The system's manager: starts at boot; installing needs root. The service runs as a chosen user. */
  SYSTEM,
  /**
   * The user's own manager ({@code systemctl --user}, a launchd agent): no root needed; on Linux it
   * runs without a login session only with lingering enabled.
   */
  USER
}
