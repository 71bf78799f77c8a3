package io.relayq.bench;

import java.util.Optional;

/** Makes fresh stores of one kind for the clusters of a run. */
interface StoreFactory {

  StoreKind kind();

  /** A new empty store; {@code name} makes its directory or schema name readable. */
  StoreInstance create(String name);

  /** Why this kind of store cannot be used on this machine now, or empty when it can. */
  Optional<String> unavailable();
}
