package io.relayq.coordinator;

import io.relayq.store.files.FileContent;

/**
 * Where job files go and how large one may be.
 *
 * @param maxFileBytes the largest single input or output file accepted
 * @param content where new files' bytes are written; null keeps them as chunks in the store
 */
public record JobFileSettings(long maxFileBytes, FileContent content) {
  public static final long DEFAULT_MAX_FILE_BYTES = 2048L * 1024 * 1024;
  /** A file may be at most this large whatever the setting: a terabyte is more than a home cluster moves. */
  private static final long MAX_FILE_BYTES_LIMIT = 1024L * 1024 * 1024 * 1024;

  public JobFileSettings {
    if (maxFileBytes < 1 || maxFileBytes > MAX_FILE_BYTES_LIMIT) {
      throw new IllegalArgumentException("maxFileBytes: " + maxFileBytes + " is out of range 1.."
          + MAX_FILE_BYTES_LIMIT);
    }
  }

  /** 2 GiB per file, kept in the store. */
  public static JobFileSettings defaults() {
    return new JobFileSettings(DEFAULT_MAX_FILE_BYTES, null);
  }

  public JobFileSettings withContent(FileContent content) {
    return new JobFileSettings(maxFileBytes, content);
  }
}
