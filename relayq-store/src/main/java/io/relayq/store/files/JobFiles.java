package io.relayq.store.files;

import io.relayq.store.Fenced;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which bytes a job's files are, and the bytes themselves when they are kept in the store.
 *
 * <p>A file is uploaded as a blob first ({@link #createBlob}, chunks, {@link #completeBlob}). A job's
 * inputs are linked to their blobs by the submit that creates the job, in its transaction, so a job
 * exists only with all its inputs in place and a worker can never start one with an input missing.
 * An output is linked by {@link #attachOutput} under the lease of the attempt that collected it.
 * Blobs no job uses (their job was pruned, an output was replaced, an upload was never submitted or
 * never finished) are found by {@link #unusedBlobs} and deleted by {@link #deleteUnusedBlobs}.
 */
public interface JobFiles {
  /** Bytes per chunk when the store keeps the content: large enough to be few, small enough for one write. */
  int CHUNK_BYTES = 1024 * 1024;

  /** Records a blob that is being uploaded, incomplete, owned by {@code createdBy}. */
  void createBlob(String id, String storage, String createdBy, Instant createdAt);

  /** Stores chunk {@code index} of an incomplete blob; a chunk written again replaces the old one. */
  void writeChunk(String blobId, int index, byte[] data);

  /** The bytes of chunk {@code index}; empty when there is no such chunk. */
  Optional<byte[]> readChunk(String blobId, int index);

  /** Marks a blob complete with its verified size and checksum; false when there is no such blob. */
  boolean completeBlob(String blobId, long size, String sha256);

  Optional<FileBlob> findBlob(String blobId);

  /**
   * Deletes a blob no job uses, with its chunks: an upload that failed its checksum, or an output
   * refused because its lease was gone. False when it is in use or gone already.
   */
  boolean deleteBlob(String blobId);

  /**
   * Links a complete blob to a job as output {@code name} of {@code attempt}, replacing an output of
   * the same name an earlier attempt left. {@code STALE_LEASE} and nothing changed unless the job is
   * running as that attempt.
   */
  Fenced attachOutput(String jobId, int attempt, String name, String blobId);

  /** A job's inputs then outputs, each by name; empty when there is no such job or it has no files. */
  List<JobFileEntry> jobFiles(String jobId);

  /**
   * Up to {@code limit} blobs no job uses: those that were used once (their job was pruned, or a
   * later attempt replaced the output), and uploads never submitted that started before
   * {@code abandonedBefore}. Oldest first.
   */
  List<FileBlob> unusedBlobs(Instant abandonedBefore, int limit);

  /**
   * Deletes those of the listed blobs that are still unused, with their chunks, and returns their
   * ids: only their content elsewhere may be removed, another may have been submitted meanwhile.
   */
  List<String> deleteUnusedBlobs(List<String> blobIds);
}
