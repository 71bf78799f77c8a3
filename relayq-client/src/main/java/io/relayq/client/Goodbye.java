package io.relayq.client;

/** Body of {@code POST /workers/{name}/goodbye}. */
record Goodbye(String incarnation, boolean draining) {}
