/**
 * The job model shared by every part of relayq: states and the one state machine that moves a job
 * between them, the validated job specification, and the small value types (ids, durations, labels).
 */
package io.relayq.core;
