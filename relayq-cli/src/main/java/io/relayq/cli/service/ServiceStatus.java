package io.relayq.cli.service;

import java.time.Instant;

/**
 * What {@code relayq service status} reports for one service.
 *
 * @param service {@code worker} or {@code server}
 * @param manager {@code systemd} or {@code launchd}
 * @param scope {@code system} or {@code user}
 * @param installed whether its unit file or plist exists
 * @param file that file's path
 * @param running whether it runs now; null when that cannot be told (the manager is not running here)
 * @param state the manager's own words, like {@code active (running)} or {@code activating (auto-restart)}
 * @param startedAt when its current process started; null when not running or not known
 * @param restarts how often the manager restarted it since it was started, when the manager counts that
 * @param pid its main process, when running
 * @param note what else the user should know (how to read its log, why running is unknown)
 */
public record ServiceStatus(
    String service,
    String manager,
    String scope,
    boolean installed,
    String file,
    Boolean running,
    String state,
    Instant startedAt,
    Integer restarts,
    Long pid,
    String note) {}
