package io.relayq.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the top level of {@code ~/.relayq/config.yml} without a YAML library: {@code key: value}
 * lines with plain, single- or double-quoted values, {@code #} comments, and sections (a key with
 * nothing after the colon followed by indented lines), whose content is left to the tools that own
 * it ({@code worker:} to the worker, {@code aliases:} to the Python client, {@code templates:} to the
 * coordinator). A top-level key this
 * reader does not know is an error naming the file, the line and the known keys, so a typo such as
 * {@code sever:} is not silently ignored.
 */
final class ConfigFile {
  /** Every top-level key of the shared config file; keep in step with the CLI and the Python client. */
  static final Set<String> KNOWN_KEYS = Set.of("server", "token", "aliases", "worker", "templates", "ca_file", "tls_cert",
      "tls_key");
  private static final Set<String> SECTIONS = Set.of("aliases", "worker", "templates");

  private ConfigFile() {}

  /**
   * The top-level scalar values by key (a key written without a value maps to null).
   *
   * @param origin the file's name, for messages
   * @throws IllegalArgumentException naming the file and line when the text is outside the subset
   */
  static Map<String, String> topLevel(String text, String origin) {
    Map<String, String> values = new LinkedHashMap<>();
    String sectionKey = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String where = origin + " line " + (i + 1);
      String line = lines[i];
      String content = line.strip();
      if (content.isEmpty() || content.startsWith("#") || (i == 0 && content.equals("---"))) {
        continue;
      }
      int indent = line.length() - line.stripLeading().length();
      if (line.substring(0, indent).indexOf('\t') >= 0) {
        throw new IllegalArgumentException(where + ": indented with a tab; YAML needs spaces");
      }
      if (indent > 0) {
        if (sectionKey == null) {
          throw new IllegalArgumentException(where + ": indented line outside a section (only "
              + String.join(" and ", SECTIONS.stream().sorted().toList()) + " have indented entries; other keys"
              + " start at the beginning of the line)");
        }
        continue;
      }
      int colon = content.indexOf(':');
      if (colon <= 0 || (colon + 1 < content.length() && content.charAt(colon + 1) != ' ')) {
        throw new IllegalArgumentException(where + ": expected 'key: value', got '" + content + "'");
      }
      String key = content.substring(0, colon).strip();
      if (!KNOWN_KEYS.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key '" + key + "' (known keys: "
            + String.join(", ", KNOWN_KEYS.stream().sorted().toList()) + ")");
      }
      if (values.containsKey(key)) {
        throw new IllegalArgumentException(where + ": '" + key + "' is set twice; keep one");
      }
      String value = scalar(content.substring(colon + 1), where + ": " + key);
      if (SECTIONS.contains(key)) {
        if (value != null) {
          throw new IllegalArgumentException(where + ": " + key + " is a section: write '" + key
              + ":' alone on its line and its entries indented below");
        }
        sectionKey = key;
      } else {
        sectionKey = null;
      }
      values.put(key, value);
    }
    for (String key : SECTIONS) {
      values.remove(key);
    }
    return values;
  }

  /** A plain or quoted scalar with an optional trailing comment; null when empty, {@code ~} or {@code null}. */
  static String scalar(String raw, String where) {
    String s = raw.strip();
    if (s.isEmpty() || s.startsWith("#")) {
      return null;
    }
    char first = s.charAt(0);
    if (first == '"' || first == '\'') {
      StringBuilder out = new StringBuilder();
      int i = 1;
      while (true) {
        if (i >= s.length()) {
          throw new IllegalArgumentException(where + ": the quote " + first + " is not closed");
        }
        char c = s.charAt(i);
        if (c == first) {
          if (first == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
            out.append('\'');
            i += 2;
            continue;
          }
          break;
        }
        if (c == '\\' && first == '"' && i + 1 < s.length()) {
          char e = s.charAt(++i);
          out.append(switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> e;
          });
        } else {
          out.append(c);
        }
        i++;
      }
      String rest = s.substring(i + 1).strip();
      if (!rest.isEmpty() && !rest.startsWith("#")) {
        throw new IllegalArgumentException(where + ": unexpected text after the quoted value: '" + rest + "'");
      }
      return out.toString();
    }
    int comment = s.indexOf(" #");
    String plain = (comment >= 0 ? s.substring(0, comment) : s).strip();
    return plain.equals("~") || plain.equals("null") ? null : plain;
  }
}
