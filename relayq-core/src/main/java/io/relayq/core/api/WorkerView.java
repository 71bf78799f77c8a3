package io.relayq.core.api;

import java.time.Instant;
import java.util.List;

/**
 * A worker as the API shows it.
 *
 * @param status {@code online}, {@code draining} or {@code offline}
 * @param jobs ids of the jobs it runs now
 * @param cpuPercent CPU load it last reported (0-100), or null
 * @param freeMemoryBytes free memory it last reported, or null
 * @param paused why it takes no new work though online (load above its limits), or null
 */
public record WorkerView(
    String name,
    String status,
    List<String> labels,
    int slots,
    int running,
    List<String> jobs,
    Instant lastPollAt,
    Instant lastHeartbeatAt,
    Instant registeredAt,
    String version,
    String host,
    Double cpuPercent,
    Long freeMemoryBytes,
    String paused) {}
