package io.relayq.client;

/**
 * 400, 413 or 415: the request was refused as malformed, invalid or too large; the message names
 * the field and what a valid value looks like. Retrying the same request cannot succeed.
 */
public class BadRequestException extends ApiErrorException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(int status, String code, String message) {
    super(status, code, message);
  }
}
