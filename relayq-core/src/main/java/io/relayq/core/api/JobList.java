package io.relayq.core.api;

import java.util.List;

/** A page of jobs, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
public record JobList(List<JobView> jobs, String nextCursor) {}
