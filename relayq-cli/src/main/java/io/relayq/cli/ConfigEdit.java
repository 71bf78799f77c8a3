package io.relayq.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts settings into the text of a config file, keeping every other key it has. The result is
 * checked as relayq will read it, so a config relayq would refuse is never written. Comments of an
 * existing file are not kept (YAML tools cannot keep them), which {@link #dropsComments} tells.
 */
final class ConfigEdit {
  /** The header of a config file relayq creates. */
  static final String HEADER = "# relayq settings; docs/CONFIG.md lists every key\n";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private ConfigEdit() {}

  /**
   * Settings to write; null ones are left as the file has them.
   *
   * @param server {@code server:}
   * @param token {@code token:}
   * @param name {@code worker.name:}
   * @param labels {@code worker.labels:}
   * @param slots {@code worker.slots:}
   */
  record Settings(String server, String token, String name, List<String> labels, Integer slots) {
    boolean isEmpty() {
      return server == null && token == null && name == null && labels == null && slots == null;
    }

    /** The keys that are set, like {@code server, worker.labels}, for messages. */
    String keys() {
      StringBuilder b = new StringBuilder();
      append(b, server, "server");
      append(b, token, "token");
      append(b, name, "worker.name");
      append(b, labels, "worker.labels");
      append(b, slots, "worker.slots");
      return b.toString();
    }

    private static void append(StringBuilder b, Object value, String key) {
      if (value != null) {
        b.append(b.isEmpty() ? "" : ", ").append(key);
      }
    }
  }

  /**
   * The new text: {@code existing} (null when there is no file) with {@code settings} put in.
   *
   * @throws CliException (usage) when the existing text is not a YAML mapping, or the result is a
   *     config relayq would refuse; the message names {@code origin}
   */
  static String apply(String existing, String origin, Settings settings) {
    Map<String, Object> root = existing == null || existing.isBlank() ? new LinkedHashMap<>() : read(existing, origin);
    put(root, "server", settings.server());
    put(root, "token", settings.token());
    if (settings.name() != null || settings.labels() != null || settings.slots() != null) {
      Object w = root.get("worker");
      Map<String, Object> worker = w instanceof Map<?, ?> m ? copy(m) : new LinkedHashMap<>();
      put(worker, "name", settings.name());
      put(worker, "labels", settings.labels());
      put(worker, "slots", settings.slots());
      root.put("worker", worker);
    }
    String text;
    try {
      text = (existing == null || existing.isBlank() ? HEADER : "") + YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
    ConfigLoader.parse(text, origin);
    return text;
  }

  /** Whether rewriting {@code existing} loses comments it has. */
  static boolean dropsComments(String existing) {
    return existing != null && existing.lines().anyMatch(l -> l.strip().startsWith("#"));
  }

  private static Map<String, Object> read(String text, String origin) {
    try {
      Map<String, Object> m = YAML.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
      return m == null ? new LinkedHashMap<>() : m;
    } catch (JsonProcessingException e) {
      throw CliException.usage(origin + " is not a YAML mapping relayq can update (" + e.getOriginalMessage()
          + "): fix it, or move it away and run this again");
    }
  }

  private static Map<String, Object> copy(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
