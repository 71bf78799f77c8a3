package io.relayq.core.template;

/**
 * A template job the coordinator refuses, or a template definition it cannot load. The code is
 * what the API answers with: {@code unknown_template}, {@code unknown_param},
 * {@code missing_param}, {@code invalid_param}, or {@code invalid_template} for a definition.
 */
public final class TemplateException extends RuntimeException {
  public static final String UNKNOWN_TEMPLATE = "unknown_template";
  public static final String UNKNOWN_PARAM = "unknown_param";
  public static final String MISSING_PARAM = "missing_param";
  public static final String INVALID_PARAM = "invalid_param";
  public static final String INVALID_TEMPLATE = "invalid_template";

  private final String code;

  public TemplateException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
