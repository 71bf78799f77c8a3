package io.relayq.store;

import io.relayq.core.Job;
import java.util.List;

/** @param nextCursor pass as {@link JobQuery#cursor()} for the next page; null on the last page */
public record JobPage(List<Job> jobs, String nextCursor) {}
