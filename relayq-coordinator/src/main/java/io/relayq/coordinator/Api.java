package io.relayq.coordinator;

/** Path constants of the HTTP API. */
final class Api {
  /** Every API route lives under this prefix; see docs/protocol.md. */
  static final String V1 = "/api/v1";

  private Api() {}
}
