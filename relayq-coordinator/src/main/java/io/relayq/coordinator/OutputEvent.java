package io.relayq.coordinator;

import io.relayq.core.OutputChannel;

/**
 * The data of an {@code output} event of a follow stream; {@code data} is sent as base64 so any
 * bytes (binary, partial UTF-8 sequences) arrive unchanged.
 */
record OutputEvent(int attempt, OutputChannel stream, long offset, byte[] data) {}
