package io.relayq.coordinator;

import io.relayq.core.RecordedEvent;
import java.util.List;

/** {@code GET /jobs/{id}/events}: a job's history entries, oldest first. */
record JobHistory(String jobId, List<RecordedEvent> events) {}
