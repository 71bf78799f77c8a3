package io.relayq.store;

import io.relayq.core.OutputChannel;

/**
 * A piece of a job's output as stored.
 *
 * @param seq increasing in the order chunks arrived; resume reading after it
 * @param offset byte offset within this stream of this attempt
 */
public record StoredChunk(long seq, int attempt, OutputChannel stream, long offset, byte[] data) {}
