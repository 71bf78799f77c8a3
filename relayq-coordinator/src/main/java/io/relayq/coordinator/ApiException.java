package io.relayq.coordinator;

/**
 * A request the API refuses, rendered as {@code {"error":{"code","message"}}} with {@code status}.
 * Thrown before anything was changed, so the caller may fix the request and send it again.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static ApiException invalidField(String message) {
    return new ApiException(400, "invalid_field", message);
  }

  static ApiException invalidId(String message) {
    return new ApiException(400, "invalid_id", message);
  }

  static ApiException invalidQuery(String message) {
    return new ApiException(400, "invalid_query", message);
  }

  /** A submit named a job to wait for that the store does not hold. */
  static ApiException unknownDependency(String message) {
    return new ApiException(422, "unknown_dependency", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  static ApiException tooLarge(String message) {
    return new ApiException(413, "too_large", message);
  }
}
