package io.relayq.bench;

import java.util.List;

/**
 * One fresh, empty store for one cluster: a SQLite data directory or a PostgreSQL schema of its
 * own. Closing removes it (deletes the files, drops the schema).
 */
interface StoreInstance extends AutoCloseable {

  StoreKind kind();

  /** The command that starts a coordinator over this store on any free port. */
  List<String> coordinatorCommand(BenchEnv env, List<String> extraJvmFlags);

  /** How {@link BulkLoad} opens this store: {@code sqlite:FILE} or {@code postgres:URL}. */
  String loaderSpec();

  @Override
  void close();
}
