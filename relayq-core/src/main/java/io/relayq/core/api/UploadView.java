package io.relayq.core.api;

/** A completed upload: name it in a job's {@code inputs} with this id, size and checksum. */
public record UploadView(String upload, long size, String sha256) {}
