package io.relayq.store;

/**
 * A worker tried to register under a name another live worker (a different {@code workerId}) is
 * using. Nothing changed.
 */
public final class WorkerNameTakenException extends StoreException {
  public WorkerNameTakenException(String name, String host) {
    super("worker name '" + name + "' is in use by another live worker"
        + (host == null ? "" : " on host " + host) + "; start this one with a different --name");
  }
}
