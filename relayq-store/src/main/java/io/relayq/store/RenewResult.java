package io.relayq.store;

import io.relayq.core.api.LeaseRef;
import java.util.List;

/**
 * @param renewed leases extended by their job's TTL
 * @param stale leases the worker no longer holds
 * @param cancel renewed leases whose job a user asked to cancel
 */
public record RenewResult(List<LeaseRef> renewed, List<LeaseRef> stale, List<LeaseRef> cancel) {}
