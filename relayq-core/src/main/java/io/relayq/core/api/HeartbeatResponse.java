package io.relayq.core.api;

import java.util.List;

/**
 * @param renewed leases extended by their TTL
 * @param stale leases this worker no longer holds: kill those processes, their results are refused
 * @param cancel leases whose jobs were cancelled: kill those processes and report
 */
public record HeartbeatResponse(List<LeaseRef> renewed, List<LeaseRef> stale, List<LeaseRef> cancel) {}
