package io.relayq.bench;

import java.time.Instant;

/** A named stretch of wall-clock time, to pick one phase out of a flight recording. */
record Window(String name, Instant from, Instant to) {}
