package io.relayq.core.template;

import io.relayq.core.InvalidJobException;
import io.relayq.core.JobSpec;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.TemplateView;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A checked template: a fixed program whose arguments are filled from typed parameters, plus
 * defaults for the jobs made from it. Immutable and thread-safe.
 */
public final class JobTemplate {
  /** Where a template comes from, as {@code GET /api/v1/templates} shows it. */
  public static final String BUILTIN = "builtin";
  public static final String CONFIG = "config";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  private static final int MAX_PARAMS = 64;

  private final String name;
  private final String source;
  private final TemplateDefinition definition;
  private final TemplateArgv argv;
  private final List<String> labels;
  private final Duration timeout;

  private JobTemplate(String name, String source, TemplateDefinition definition, TemplateArgv argv,
      List<String> labels, Duration timeout) {
    this.name = name;
    this.source = source;
    this.definition = definition;
    this.argv = argv;
    this.labels = labels;
    this.timeout = timeout;
  }

  /**
   * Checks {@code definition}; messages start with {@code templates.NAME}.
   *
   * @param source {@link #BUILTIN} or {@link #CONFIG}
   * @throws TemplateException {@code invalid_template} naming the setting at fault and the fix
   */
  public static JobTemplate of(String name, String source, TemplateDefinition definition) {
    String where = "templates." + name;
    if (name == null || !NAME.matcher(name).matches()) {
      throw invalid("templates", "invalid template name '" + name
          + "': 1-64 lowercase letters, digits, '_' or '-', starting with a letter");
    }
    if (definition == null) {
      throw invalid(where, "is empty; give at least argv");
    }
    if (definition.params().size() > MAX_PARAMS) {
      throw invalid(where + ".params", "at most " + MAX_PARAMS + " parameters");
    }
    for (var e : definition.params().entrySet()) {
      if (!PARAM_NAME.matcher(e.getKey()).matches()) {
        throw invalid(where + ".params", "invalid parameter name '" + e.getKey()
            + "': 1-64 letters, digits or '_', starting with a letter");
      }
      if (e.getValue() == null) {
        throw invalid(where + ".params." + e.getKey(), "is empty; give at least its type");
      }
      e.getValue().checkDefinition(where + ".params." + e.getKey());
    }
    TemplateArgv argv = TemplateArgv.parse(definition.argv(), definition.params(), where + ".argv");
    // the defaults obey the bounds of the job fields they fill in, so check them as such a job
    JobSpec defaults;
    try {
      defaults = JobSpecValidator.validate(JobSubmission.builder().argv(List.of(name)).labels(definition.labels())
          .timeout(definition.timeout()).retries(definition.retries()).priority(definition.priority())
          .prefer(definition.prefer()).preferWait(definition.preferWait()).group(definition.group())
          .groupLimit(definition.groupLimit()).build());
    } catch (InvalidJobException e) {
      throw invalid(where + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
    }
    List<String> labels = defaults.labels();
    Duration timeout = definition.timeout() == null ? null : defaults.timeout();
    return new JobTemplate(name, source, definition, argv, labels, timeout);
  }

  public String name() {
    return name;
  }

  /** {@link #BUILTIN} or {@link #CONFIG}. */
  public String source() {
    return source;
  }

  /** Labels every job of this template requires. */
  public List<String> labels() {
    return labels;
  }

  /** The timeout of its jobs unless they give one; null for the usual default. */
  public Duration timeout() {
    return timeout;
  }

  public Integer retries() {
    return definition.retries();
  }

  public Integer priority() {
    return definition.priority();
  }

  /** The defaults of a template job's scheduling fields, as the config gives them (null: none). */
  public TemplateDefinition definition() {
    return definition;
  }

  /**
   * The parameter values a job gets from {@code given}: each checked against its type, defaults
   * filled in, parameters without a value left out.
   *
   * @throws TemplateException {@code unknown_param}, {@code missing_param} or {@code invalid_param}
   */
  public Map<String, Object> bind(Map<String, Object> given) {
    Map<String, Object> in = given == null ? Map.of() : given;
    Map<String, TemplateParam> params = definition.params();
    for (String key : in.keySet()) {
      if (!params.containsKey(key)) {
        throw new TemplateException(TemplateException.UNKNOWN_PARAM, "template '" + name + "' has no parameter '"
            + key + "' (its parameters: " + (params.isEmpty() ? "none" : String.join(", ", params.keySet())) + ")");
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (var e : params.entrySet()) {
      String param = e.getKey();
      TemplateParam p = e.getValue();
      if (in.containsKey(param)) {
        values.put(param, p.accept("parameter '" + param + "' of template '" + name + "'", in.get(param)));
      } else if (p.defaultValue() != null) {
        values.put(param, p.normalizedDefault());
      } else if (p.isRequired()) {
        throw new TemplateException(TemplateException.MISSING_PARAM, "template '" + name + "' needs parameter '"
            + param + "' (" + p.type().wireName() + (p.description() == null ? "" : ": " + p.description()) + ")");
      }
    }
    return values;
  }

  /** The argv for values from {@link #bind}. */
  public List<String> expand(Map<String, Object> values) {
    return argv.expand(values);
  }

  /** What {@code GET /api/v1/templates} shows. */
  public TemplateView view() {
    return new TemplateView(name, source, definition.description(), definition.argv(), definition.params(),
        labels, definition.timeout(), definition.retries(), definition.priority(), definition.prefer(),
        definition.preferWait(), definition.group(), definition.groupLimit());
  }

  private static TemplateException invalid(String where, String message) {
    return new TemplateException(TemplateException.INVALID_TEMPLATE, where + ": " + message);
  }
}
