/**
 * Job files: the records of uploaded bytes ({@link io.relayq.store.files.FileBlob}) and which job
 * uses them under which name ({@link io.relayq.store.files.JobFiles}), plus where the bytes live
 * ({@link io.relayq.store.files.FileContent}: chunks in the store, or an S3-compatible bucket).
 */
package io.relayq.store.files;
