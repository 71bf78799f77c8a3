package io.relayq.store.files;

import java.time.Instant;

/**
 * The bytes of one uploaded file: an input uploaded before its job was submitted, or an output a
 * worker collected. Complete once every byte is stored and its checksum was verified; only then may
 * a job use it.
 *
 * @param id {@code u_} and 32 hex digits
 * @param storage where the bytes live: {@link FileContent#storage()} of the content that wrote them
 * @param createdBy the name of the token that uploaded it
 * @param size bytes, once complete
 * @param sha256 the SHA-256, once complete; null before
 */
public record FileBlob(String id, String storage, String createdBy, Instant createdAt, long size, String sha256,
    boolean complete) {}
