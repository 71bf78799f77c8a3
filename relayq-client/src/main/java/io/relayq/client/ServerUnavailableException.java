package io.relayq.client;

/**
 * 503 (or 502/504 from a proxy in front): the coordinator cannot commit now (store down, disk
 * full) and changed nothing. Retrying later with backoff is safe.
 */
public class ServerUnavailableException extends ApiErrorException {
  private static final long serialVersionUID = 1L;

  public ServerUnavailableException(int status, String code, String message) {
    super(status, code, message);
  }
}
