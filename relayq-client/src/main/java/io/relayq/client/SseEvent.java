package io.relayq.client;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, {@code message} when absent
 * @param id the {@code id:} field, or null when the event has none
 * @param data the {@code data:} lines joined by newlines
 */
record SseEvent(String event, String id, String data) {}
