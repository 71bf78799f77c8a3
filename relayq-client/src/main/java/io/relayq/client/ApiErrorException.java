package io.relayq.client;

/**
 * The coordinator answered with an error ({@code {"error":{"code":...,"message":...}}}); nothing was
 * changed by the call. Subclasses name the statuses callers usually act on. A reply that is not
 * relayq's error shape (a proxy's HTML page) gets the code {@code http_<status>} and a message with
 * the start of the body.
 */
public class ApiErrorException extends RelayqException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  /** {@code message} is the coordinator's own message, shown to users as it is. */
  public ApiErrorException(int status, String code, String message) {
    super(message, null);
    this.status = status;
    this.code = code;
  }

  /** The right exception type for an error reply. */
  static ApiErrorException of(int status, String code, String message) {
    return switch (status) {
      case 400, 413, 415 -> new BadRequestException(status, code, message);
      case 401, 403 -> new AuthException(status, code, message);
      case 404 -> new NotFoundException(code, message);
      case 409 -> new ConflictException(code, message);
      case 502, 503, 504 -> new ServerUnavailableException(status, code, message);
      default -> new ApiErrorException(status, code, message);
    };
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String code() {
    return code;
  }
}
