package io.relayq.store;

import io.relayq.core.Job;

/**
 * What {@link JobStore#submit} did.
 *
 * @param job the new job, or the existing one with the same key
 */
public record SubmitResult(Status status, Job job) {
  public enum Status {
    /** The job was inserted and committed. */
    CREATED,
    /** A job with the same key and the same spec existed; nothing was inserted. */
    EXISTING,
    /** A job with the same key but another spec existed; nothing was inserted. */
    KEY_CONFLICT
  }
}
