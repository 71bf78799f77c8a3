package io.relayq.store;

import java.util.List;

/**
 * A submit named dependencies ({@code after}) the store does not hold: they never existed or were
 * pruned. Nothing changed.
 */
public final class UnknownDependencyException extends StoreException {
  private final List<String> ids;

  public UnknownDependencyException(List<String> ids) {
    super("no job " + String.join(", ", ids) + " to wait for (it never existed, or was pruned);"
        + " check the id given to after");
    this.ids = List.copyOf(ids);
  }

  /** The ids the store does not hold. */
  public List<String> ids() {
    return ids;
  }
}
