/**
 * The PostgreSQL store driver: {@link io.relayq.store.postgres.PostgresJobStore}, for several
 * coordinators sharing one database, with LISTEN/NOTIFY wake-ups across them.
 */
package io.relayq.store.postgres;
