package io.relayq.core.api;

import java.util.List;

/** Every worker the coordinator knows, online ones first. */
public record WorkerList(List<WorkerView> workers) {}
