package io.relayq.core.template;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a template parameter holds; each type says how its value is checked and passed. */
public enum ParamType {
  /** Any text (optionally matching a pattern), passed as one argument. */
  STRING("a string"),
  /** A file or directory name, passed as one argument; never empty and never starting with {@code -}. */
  PATH("a path (a string)"),
  /** One of a fixed list of words. */
  ENUM("one of the listed values (a string)"),
  /** A whole number (32-bit), optionally within min..max. */
  INT("an integer"),
  /** A list of strings, passed as that many arguments (none for an empty list). */
  LIST("a list of strings");

  private final String expected;

  ParamType(String expected) {
    this.expected = expected;
  }

  /** What a value of this type looks like, for error messages. */
  String expected() {
    return expected;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ParamType fromWire(String text) {
    for (ParamType t : values()) {
      if (t.wireName().equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown parameter type '" + text + "' (known: "
        + Arrays.stream(values()).map(ParamType::wireName).collect(Collectors.joining(", ")) + ")");
  }
}
