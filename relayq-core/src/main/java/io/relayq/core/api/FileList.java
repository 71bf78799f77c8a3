package io.relayq.core.api;

import java.util.List;

/**
 * A job's files: inputs it was submitted with, outputs its attempts collected, and, once the job has
 * ended, the outputs it was to collect that never came ({@code missing}).
 */
public record FileList(String jobId, String state, List<FileView> inputs, List<FileView> outputs,
    List<String> missing) {}
