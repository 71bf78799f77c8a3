package io.relayq.bench;

import java.util.Locale;

/** The two store drivers every scenario runs on. */
enum StoreKind {
  SQLITE("SQLite"),
  POSTGRES("PostgreSQL");

  private final String title;

  StoreKind(String title) {
    this.title = title;
  }

  /** The name shown in the results, like {@code PostgreSQL}. */
  String title() {
    return title;
  }

  /** The name used on the command line and in file names, like {@code postgres}. */
  String id() {
    return this == SQLITE ? "sqlite" : "postgres";
  }

  static StoreKind parse(String id) {
    for (StoreKind k : values()) {
      if (k.id().equals(id.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown store '" + id + "': use sqlite, postgres or both");
  }
}
