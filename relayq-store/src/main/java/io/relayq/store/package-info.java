/**
 * The store contract: everything the coordinator asks of durable storage, as one interface with
 * one method per domain operation. Drivers (SQLite, PostgreSQL) implement it natively and all pass
 * the same contract test suite.
 */
package io.relayq.store;
