package io.relayq.client;

/**
 * 401 or 403: the coordinator refused the token (missing, unknown, revoked), or the token's role
 * does not allow the call. Nothing was changed. Pass a valid token to
 * {@link RelayqClient#connect(java.net.URI, String)} or set {@code RELAYQ_TOKEN}; retrying with the
 * same token cannot succeed.
 */
public class AuthException extends ApiErrorException {
  private static final long serialVersionUID = 1L;

  /** {@code message} is the coordinator's own message, shown to users as it is. */
  public AuthException(int status, String code, String message) {
    super(status, code, message);
  }

  /** True for 403: the token is valid, but its role may not make this call. */
  public boolean isForbidden() {
    return status() == 403;
  }
}
