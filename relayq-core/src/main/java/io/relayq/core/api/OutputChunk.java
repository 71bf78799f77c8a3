package io.relayq.core.api;

import io.relayq.core.OutputChannel;

/**
 * Bytes a job wrote. {@code offset} counts bytes of this stream of this attempt, so a chunk sent
 * twice after a lost reply is stored once.
 */
public record OutputChunk(OutputChannel stream, long offset, byte[] data) {}
