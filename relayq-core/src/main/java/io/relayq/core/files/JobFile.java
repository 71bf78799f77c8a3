package io.relayq.core.files;

/**
 * An input file a job is submitted with: the name it gets in the job directory, and the upload that
 * holds its bytes. Size and checksum are declared by the submitter and checked against the upload
 * at submit, and again by the worker after downloading.
 *
 * @param name the file's name in the job directory (see {@link FileNames})
 * @param upload the id the coordinator gave the bytes when they were uploaded
 * @param size the length in bytes
 * @param sha256 the SHA-256 of the bytes, 64 lowercase hex digits
 */
public record JobFile(String name, String upload, long size, String sha256) {}
