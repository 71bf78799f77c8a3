package io.relayq.coordinator;

import java.time.Instant;
import java.util.List;

/**
 * The data of a {@code worker} event on {@code GET /events}: a worker came online, started
 * draining, or went offline.
 *
 * @param status {@code online}, {@code draining} or {@code offline}
 * @param detail why, in plain words ("it said goodbye", "not heard from for 25s")
 */
record WorkerEvent(String name, String status, Instant at, List<String> labels, int slots, String detail) {}
