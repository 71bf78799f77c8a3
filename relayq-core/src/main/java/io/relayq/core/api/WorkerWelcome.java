package io.relayq.core.api;

import java.time.Duration;

/**
 * The coordinator's answer to {@link WorkerHello}.
 *
 * @param heartbeatInterval how often to renew leases
 * @param releasedJobs leases of this worker's previous incarnation that were released at once
 */
public record WorkerWelcome(String name, Duration heartbeatInterval, int releasedJobs) {}
