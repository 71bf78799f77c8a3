/**
 * The SQLite store driver: {@link io.relayq.store.sqlite.SqliteJobStore}, the embedded default
 * store of relayq, kept in one WAL-mode file in the data directory.
 */
package io.relayq.store.sqlite;
