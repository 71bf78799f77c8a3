package io.relayq.client;

import io.relayq.core.OutputChannel;

/** The data of an {@code output} event of a followed job; {@code data} arrives as base64. */
record OutputEvent(int attempt, OutputChannel stream, long offset, byte[] data) {}
