package io.relayq.core.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One parameter of a template, as the config file declares it and {@code GET /api/v1/templates}
 * shows it.
 *
 * @param type what the value holds
 * @param required whether a job must give it; false by default
 * @param defaultValue the value used when a job leaves it out ({@code default:}), or null
 * @param values the allowed words of an {@code enum}
 * @param min the smallest allowed {@code int}, or null
 * @param max the largest allowed {@code int}, or null
 * @param pattern a regular expression a {@code string} must match as a whole, or null
 * @param description what the parameter means, for people
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateParam(
    ParamType type,
    Boolean required,
    @JsonProperty("default") Object defaultValue,
    List<String> values,
    Integer min,
    Integer max,
    String pattern,
    String description) {

  /** The longest string, path or list element accepted, in UTF-8 bytes. */
  public static final int MAX_VALUE_BYTES = 16 * 1024;
  /** The most elements a list value may have. */
  public static final int MAX_LIST_SIZE = 1024;
  private static final int MAX_DESCRIPTION = 1000;

  public TemplateParam {
    values = values == null ? null : List.copyOf(values);
  }

  /** Whether a job must give this parameter. */
  public boolean isRequired() {
    return Boolean.TRUE.equals(required);
  }

  /**
   * Checks a definition; {@code where} names it in messages.
   *
   * @throws TemplateException {@code invalid_template} naming the setting
   */
  void checkDefinition(String where) {
    if (type == null) {
      throw invalid(where, "type is required: string, path, enum, int or list");
    }
    if (type == ParamType.ENUM) {
      if (values == null || values.isEmpty()) {
        throw invalid(where, "an enum needs its values, like values: [txt, srt]");
      }
      for (String v : values) {
        if (v == null || v.isEmpty() || v.indexOf('\0') >= 0) {
          throw invalid(where + ".values", "each value is a non-empty string");
        }
      }
    } else if (values != null) {
      throw invalid(where + ".values", "only an enum has values (this parameter is " + type.wireName() + ")");
    }
    if ((min != null || max != null) && type != ParamType.INT) {
      throw invalid(where, "only an int has min and max (this parameter is " + type.wireName() + ")");
    }
    if (min != null && max != null && min > max) {
      throw invalid(where, "min " + min + " is larger than max " + max);
    }
    if (pattern != null) {
      if (type != ParamType.STRING) {
        throw invalid(where + ".pattern", "only a string has a pattern (this parameter is " + type.wireName() + ")");
      }
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw invalid(where + ".pattern", "not a regular expression: " + e.getDescription());
      }
    }
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw invalid(where + ".description", "at most " + MAX_DESCRIPTION + " characters");
    }
    if (defaultValue != null) {
      if (isRequired()) {
        throw invalid(where, "a required parameter has no default; drop one of required and default");
      }
      String problem = problem(defaultValue);
      if (problem != null) {
        throw invalid(where + ".default", problem);
      }
    }
  }

  /**
   * The value a job gave, in its stored form: a {@code String}, an {@code Integer} or a
   * {@code List<String>}.
   *
   * @param what names the parameter in the message, like {@code parameter 'crf' of template 'x'}
   * @throws TemplateException {@code invalid_param} saying what was expected and what came
   */
  Object accept(String what, Object value) {
    String problem = value == null ? "needs a value; leave it out to use its default" : problem(value);
    if (problem != null) {
      throw new TemplateException(TemplateException.INVALID_PARAM, what + ": " + problem);
    }
    return normalize(value);
  }

  /** The default in its stored form; call only after {@link #checkDefinition}. */
  Object normalizedDefault() {
    return defaultValue == null ? null : normalize(defaultValue);
  }

  private Object normalize(Object value) {
    if (type == ParamType.INT) {
      return ((Number) value).intValue();
    }
    if (type == ParamType.LIST) {
      List<String> out = new ArrayList<>();
      for (Object o : (List<?>) value) {
        out.add((String) o);
      }
      return List.copyOf(out);
    }
    return value;
  }

  /** What is wrong with {@code value} for this parameter, or null when it is fine. */
  private String problem(Object value) {
    return switch (type) {
      case STRING -> {
        String s = text(value);
        if (s == null) {
          yield expected(value);
        }
        if (pattern != null && !Pattern.compile(pattern).matcher(s).matches()) {
          yield quote(s) + " does not match the pattern " + pattern;
        }
        yield null;
      }
      case PATH -> {
        String s = text(value);
        if (s == null) {
          yield expected(value);
        }
        if (s.isEmpty()) {
          yield "the path is empty";
        }
        if (s.startsWith("-")) {
          yield quote(s) + " starts with '-', so the program would read it as an option; write ./" + s;
        }
        yield null;
      }
      case ENUM -> {
        String s = value instanceof String t ? t : null;
        yield s != null && values.contains(s) ? null
            : "expected one of " + String.join(", ", values) + ", got " + describe(value);
      }
      case INT -> {
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
            || value instanceof java.math.BigInteger)) {
          yield expected(value);
        }
        long n = value instanceof java.math.BigInteger b ? (b.bitLength() < 63 ? b.longValue() : Long.MAX_VALUE)
            : ((Number) value).longValue();
        long lo = min == null ? Integer.MIN_VALUE : min;
        long hi = max == null ? Integer.MAX_VALUE : max;
        yield n < lo || n > hi ? value + " is out of range " + lo + ".." + hi : null;
      }
      case LIST -> {
        if (!(value instanceof List<?> list)) {
          yield expected(value);
        }
        if (list.size() > MAX_LIST_SIZE) {
          yield "at most " + MAX_LIST_SIZE + " elements, got " + list.size();
        }
        for (int i = 0; i < list.size(); i++) {
          if (text(list.get(i)) == null) {
            yield "element " + i + ": expected a string, got " + describe(list.get(i))
                + (list.get(i) instanceof Number ? " (quote numbers: \"" + list.get(i) + "\")" : "");
          }
        }
        yield null;
      }
    };
  }

  /** A string within the bounds, or null when {@code value} is not one. */
  private static String text(Object value) {
    if (!(value instanceof String s) || s.indexOf('\0') >= 0
        || s.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      return null;
    }
    return s;
  }

  private String expected(Object value) {
    if (value instanceof String s && s.indexOf('\0') >= 0) {
      return "cannot contain a NUL character";
    }
    if (value instanceof String s && s.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      return "is longer than " + MAX_VALUE_BYTES + " bytes";
    }
    return "expected " + type.expected() + ", got " + describe(value);
  }

  static String describe(Object value) {
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof java.util.Map<?, ?>) {
      return "an object";
    }
    return String.valueOf(value);
  }

  private static String quote(String s) {
    return "\"" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "\"";
  }

  private static TemplateException invalid(String where, String message) {
    return new TemplateException(TemplateException.INVALID_TEMPLATE, where + ": " + message);
  }
}
