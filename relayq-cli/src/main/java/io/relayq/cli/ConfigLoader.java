package io.relayq.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.relayq.core.Labels;
import io.relayq.core.template.TemplateCatalog;
import io.relayq.core.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the config file: {@code RELAYQ_CONFIG} when set (it must exist), else
 * {@code ~/.relayq/config.yml} when it exists, else nothing. Every problem is a
 * {@link CliException} with exit code {@link ExitCodes#USAGE} that names the file, the line and the
 * key.
 */
public final class ConfigLoader {
  /** The variable that points relayq at another config file. */
  public static final String CONFIG_ENV = "RELAYQ_CONFIG";

  private static final int MAX_SLOTS = 1024;

  private ConfigLoader() {}

  /** The file relayq reads its settings from, whether or not it exists. */
  public static Path configFile(Map<String, String> env) {
    String explicit = env.get(CONFIG_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    return UserDirs.relayqHome(env).resolve("config.yml");
  }

  /** Loads and checks the config file; an absent default file gives {@link CliConfig#EMPTY}. */
  public static CliConfig load(Map<String, String> env) {
    Path file = configFile(env);
    boolean explicit = env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank();
    if (!Files.exists(file)) {
      if (explicit) {
        throw CliException.usage(CONFIG_ENV + " points to " + file + ", which does not exist: "
            + "create it or unset " + CONFIG_ENV);
      }
      return CliConfig.EMPTY;
    }
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw CliException.usage("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  /** Parses and checks config text; {@code origin} names the file in error messages. */
  public static CliConfig parse(String yaml, String origin) {
    CliConfig config;
    ObjectMapper mapper = mapper();
    try (JsonParser parser = mapper.createParser(yaml)) {
      // a file with nothing but comments is as good as no file
      config = parser.nextToken() == null ? null : mapper.readValue(parser, CliConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds().stream().map(Object::toString)
          .collect(Collectors.toCollection(TreeSet::new)).toString();
      throw CliException.usage(origin + keyLine(yaml, e.getPropertyName(), e.getLocation()) + ": unknown key '"
          + path(e) + "' (known keys here: " + known.substring(1, known.length() - 1) + ")");
    } catch (JsonMappingException e) {
      throw CliException.usage(origin + line(e.getLocation()) + ": " + path(e) + ": "
          + e.getOriginalMessage().lines().findFirst().orElse("invalid value"));
    } catch (JacksonException e) {
      throw CliException.usage(origin + line(e.getLocation()) + ": not valid YAML: "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw CliException.usage("cannot read config " + origin + ": " + e.getMessage());
    }
    if (config == null) {
      return CliConfig.EMPTY;
    }
    check(config, origin);
    return config;
  }

  private static void check(CliConfig config, String origin) {
    if (config.server() != null) {
      try {
        ServerAddress.parseList(config.server());
      } catch (IllegalArgumentException e) {
        throw CliException.usage(origin + ": server: " + e.getMessage());
      }
    }
    CliConfig.Worker w = config.worker();
    if (w.labels() != null) {
      try {
        Labels.normalize(w.labels());
      } catch (IllegalArgumentException e) {
        throw CliException.usage(origin + ": worker.labels: " + e.getMessage());
      }
    }
    if (w.slots() != null && (w.slots() < 1 || w.slots() > MAX_SLOTS)) {
      throw CliException.usage(origin + ": worker.slots: " + w.slots() + " is out of range 1.." + MAX_SLOTS);
    }
    if (w.nice() != null && (w.nice() < -20 || w.nice() > 19)) {
      throw CliException.usage(origin + ": worker.nice: " + w.nice() + " is out of range -20..19 (19 is the lowest priority)");
    }
    if (w.name() != null && w.name().isBlank()) {
      throw CliException.usage(origin + ": worker.name: is empty; leave it out to use the host name");
    }
    templates(config, origin);
  }

  /**
   * The job templates a coordinator started with this config offers: the built-in ones plus those
   * of its {@code templates:} section.
   */
  public static TemplateCatalog templates(CliConfig config, String origin) {
    try {
      return TemplateCatalog.withConfig(config.templates());
    } catch (TemplateException e) {
      throw CliException.usage(origin + ": " + e.getMessage());
    }
  }

  private static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper(new YAMLFactory());
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    return m;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  /**
   * The line of an unknown key. The parser has already moved past the key's value when it reports
   * it, so its location would point at the next line; the first line that starts with the key is
   * where the user has to look.
   */
  private static String keyLine(String yaml, String key, JsonLocation fallback) {
    List<String> lines = yaml.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (t.startsWith("- ")) {
        t = t.substring(2).strip();
      }
      if (t.startsWith(key + ":") || t.startsWith("\"" + key + "\":") || t.startsWith("'" + key + "':")) {
        return " line " + (i + 1);
      }
    }
    return line(fallback);
  }

  private static String line(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? "" : " line " + location.getLineNr();
  }
}
