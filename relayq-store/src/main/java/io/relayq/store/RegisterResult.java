package io.relayq.store;

import io.relayq.core.Job;
import io.relayq.core.WorkerRecord;
import java.util.List;

/**
 * @param worker the worker as now stored
 * @param released jobs whose leases belonged to the worker's previous incarnation, after the
 *     lost-lease transition (re-queued, or failed when out of attempts)
 */
public record RegisterResult(WorkerRecord worker, List<Job> released) {}
