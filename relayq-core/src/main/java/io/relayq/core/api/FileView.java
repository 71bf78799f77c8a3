package io.relayq.core.api;

/**
 * One file of a job as the API shows it.
 *
 * @param attempt the attempt that collected an output; null for an input
 */
public record FileView(String name, long size, String sha256, Integer attempt) {}
