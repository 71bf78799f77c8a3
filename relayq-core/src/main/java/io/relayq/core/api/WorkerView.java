package io.relayq.core.api;

import java.time.Instant;
import java.util.List;

/**
 * A worker as the API shows it.
 *
 * @param status {@code online}, {@code draining} or {@code offline}
 * @param jobs ids of the jobs it runs now
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
    String host) {}
