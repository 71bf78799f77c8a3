package io.relayq.store;

/**
 * A worker tried to register under a name that another token registered, and that token is still
 * valid: one worker token must not act for a worker it did not start. Nothing changed.
 */
public final class WorkerNameOwnedException extends StoreException {
  public WorkerNameOwnedException(String name) {
    super("worker name '" + name + "' belongs to the worker token that registered it; use that token, pick"
        + " another --name, or revoke the other token first (relayq token revoke)");
  }
}
