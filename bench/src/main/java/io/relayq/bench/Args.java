package io.relayq.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and bare {@code --flag} arguments of the harness's mains. Unknown names are
 * refused with the list of known ones, so a typo in {@code run.sh} fails loudly.
 */
final class Args {
  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  /**
   * @param valued names that take a value
   * @param flags names that stand alone
   * @throws IllegalArgumentException for an unknown name or a missing value
   */
  static Args parse(String[] args, Set<String> valued, Set<String> flags) {
    Map<String, String> v = new HashMap<>();
    List<String> list = List.of(args);
    for (int i = 0; i < list.size(); i++) {
      String a = list.get(i);
      if (flags.contains(a)) {
        v.put(a, "true");
      } else if (valued.contains(a)) {
        if (i + 1 >= list.size()) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        v.put(a, list.get(++i));
      } else {
        throw new IllegalArgumentException("unknown argument '" + a + "'; known: " + valued + " (with a value), "
            + flags);
      }
    }
    return new Args(v);
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number", e);
    }
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }
}
