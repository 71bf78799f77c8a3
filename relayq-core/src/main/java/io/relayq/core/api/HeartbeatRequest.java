package io.relayq.core.api;

import java.util.List;

/** A worker renewing every lease it holds in one call. */
public record HeartbeatRequest(String incarnation, List<LeaseRef> leases) {}
