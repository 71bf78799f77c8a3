package io.relayq.core.api;

import java.util.List;

/**
 * Work for a worker.
 *
 * @param jobs new leases to run
 * @param cancel leases this worker holds whose jobs were cancelled: kill them and report
 */
public record PollResponse(List<LeaseGrant> jobs, List<LeaseRef> cancel) {}
