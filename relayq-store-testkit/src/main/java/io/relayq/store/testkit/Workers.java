package io.relayq.store.testkit;

import io.relayq.store.WorkerRegistration;
import java.time.Instant;
import java.util.List;

/**
 * Builds {@link WorkerRegistration}s: {@code Workers.aWorker("mini").withLabels("gpu").build()}.
 * By default each name has its own stable worker id and incarnation {@code 1}.
 */
public final class Workers {
  private final String name;
  private String workerId;
  private String incarnation = "inc-1";
  private List<String> labels = List.of();
  private int slots = 4;
  private String host;
  private Instant at = Jobs.T0;
  private String tokenName;

  private Workers(String name) {
    this.name = name;
    this.workerId = "id-" + name;
    this.host = name + ".local";
  }

  public static Workers aWorker(String name) {
    return new Workers(name);
  }

  /** The id the worker keeps on its disk; another id under the same name is another machine. */
  public Workers withWorkerId(String workerId) {
    this.workerId = workerId;
    return this;
  }

  /** The id of one start of the worker process. */
  public Workers withIncarnation(String incarnation) {
    this.incarnation = incarnation;
    return this;
  }

  public Workers withLabels(String... labels) {
    this.labels = List.of(labels);
    return this;
  }

  public Workers withSlots(int slots) {
    this.slots = slots;
    return this;
  }

  public Workers onHost(String host) {
    this.host = host;
    return this;
  }

  public Workers at(Instant now) {
    this.at = now;
    return this;
  }

  /** The worker token it registers with; none by default, as an admin's registration. */
  public Workers withToken(String tokenName) {
    this.tokenName = tokenName;
    return this;
  }

  public WorkerRegistration build() {
    return new WorkerRegistration(name, workerId, incarnation, labels, slots, "0.1.0", host, at, tokenName);
  }
}
