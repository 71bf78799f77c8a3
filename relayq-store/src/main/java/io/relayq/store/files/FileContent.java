package io.relayq.store.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the bytes of blobs live. {@link StoreFileContent} keeps them as chunks in the store itself,
 * so every coordinator of the store reaches them; an S3-compatible bucket suits large media.
 */
public interface FileContent {

  /** The name recorded with each blob this content writes ({@code store}, {@code s3}). */
  String storage();

  /**
   * Stores exactly {@code size} bytes read from {@code in} as the content of {@code blobId}.
   *
   * @throws IOException when {@code in} fails or ends early; whatever was written is left for
   *     {@link #delete}
   */
  void write(String blobId, InputStream in, long size) throws IOException;

  /** Streams the content of a blob of {@code size} bytes. */
  InputStream open(String blobId, long size) throws IOException;

  /** Removes the content of a blob; nothing when there is none. */
  void delete(String blobId) throws IOException;
}
