package io.relayq.core.api;

import io.relayq.core.WorkerLoad;
import java.util.List;

/**
 * Sent by a worker when it starts (and again after the coordinator lost track of it).
 *
 * @param workerId stable across restarts of the same worker, kept on its disk
 * @param incarnation new for each start of the worker process
 * @param load its machine's load when it starts, or null
 */
public record WorkerHello(
    String workerId, String incarnation, List<String> labels, int slots, String version, String host,
    WorkerLoad load) {

  public WorkerHello(String workerId, String incarnation, List<String> labels, int slots, String version,
      String host) {
    this(workerId, incarnation, labels, slots, version, host, null);
  }
}
