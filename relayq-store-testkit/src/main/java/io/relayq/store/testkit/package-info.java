/**
 * The contract suite every {@link io.relayq.store.JobStore} driver must pass
 * ({@link io.relayq.store.testkit.JobStoreContract}), and builders for its test data. Drivers extend
 * the contract in their own tests and only say how to open a fresh store.
 */
package io.relayq.store.testkit;
