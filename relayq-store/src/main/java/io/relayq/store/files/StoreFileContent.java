package io.relayq.store.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps content as chunks of {@link JobFiles#CHUNK_BYTES} in the store, one short write per chunk,
 * so a large upload never holds the store's writer for long. Deleting the blob row deletes its
 * chunks.
 */
public final class StoreFileContent implements FileContent {
  public static final String STORAGE = "store";

  private final JobFiles files;

  public StoreFileContent(JobFiles files) {
    this.files = files;
  }

  @Override
  public String storage() {
    return STORAGE;
  }

  @Override
  public void write(String blobId, InputStream in, long size) throws IOException {
    long left = size;
    int index = 0;
    while (left > 0) {
      int want = (int) Math.min(JobFiles.CHUNK_BYTES, left);
      byte[] chunk = in.readNBytes(want);
      if (chunk.length < want) {
        throw new IOException("the upload ended after " + (size - left + chunk.length) + " of " + size + " bytes");
      }
      files.writeChunk(blobId, index++, chunk);
      left -= want;
    }
  }

  @Override
  public InputStream open(String blobId, long size) {
    return new ChunkStream(blobId, size);
  }

  @Override
  public void delete(String blobId) {
    // the chunks go with the blob's row
  }

  /** Reads one chunk at a time, so a large file never sits in memory whole. */
  private final class ChunkStream extends InputStream {
    private final String blobId;
    private final long size;
    private byte[] chunk = new byte[0];
    private int pos;
    private int nextIndex;
    private long delivered;

    ChunkStream(String blobId, long size) {
      this.blobId = blobId;
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos == chunk.length) {
        if (delivered >= size) {
          return -1;
        }
        chunk = files.readChunk(blobId, nextIndex).orElseThrow(() -> new IOException(
            "chunk " + nextIndex + " of file " + blobId + " is missing from the store (was it pruned meanwhile?)"));
        nextIndex++;
        pos = 0;
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      delivered += n;
      return n;
    }
  }
}
