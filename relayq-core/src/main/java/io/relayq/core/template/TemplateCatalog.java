package io.relayq.core.template;

import io.relayq.core.JobSubmission;
import io.relayq.core.TemplateUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The templates a coordinator knows: the built-in ones plus those of its config file (which may
 * replace a built-in one of the same name). Turns a template submission into an ordinary argv
 * submission. Immutable and thread-safe.
 */
public final class TemplateCatalog {
  private final Map<String, JobTemplate> templates;

  private TemplateCatalog(Map<String, JobTemplate> templates) {
    this.templates = templates;
  }

  /** Only the built-in templates: {@code transcode} and {@code transcribe}. */
  public static TemplateCatalog builtins() {
    return withConfig(Map.of());
  }

  /**
   * The built-in templates plus {@code configured} (the {@code templates:} section of a config
   * file), which wins on equal names.
   *
   * @throws TemplateException {@code invalid_template} naming the first setting at fault
   */
  public static TemplateCatalog withConfig(Map<String, TemplateDefinition> configured) {
    Map<String, JobTemplate> all = new TreeMap<>();
    BuiltinTemplates.all().forEach((name, d) -> all.put(name, JobTemplate.of(name, JobTemplate.BUILTIN, d)));
    configured.forEach((name, d) -> all.put(name, JobTemplate.of(name, JobTemplate.CONFIG, d)));
    return new TemplateCatalog(Map.copyOf(all));
  }

  public Optional<JobTemplate> find(String name) {
    return Optional.ofNullable(templates.get(name));
  }

  /** Every template, by name. */
  public List<JobTemplate> all() {
    return new TreeMap<>(templates).values().stream().toList();
  }

  /** A submission turned into a plain argv one, and what it was made from. */
  public record Expansion(JobSubmission submission, TemplateUse use) {}

  /**
   * Builds the argv of a template submission and applies the template's defaults: its labels are
   * added to the job's; its timeout, retries, priority, preferred labels and wait, and concurrency
   * group and limit apply where the job gives none.
   *
   * @throws TemplateException {@code unknown_template}, {@code unknown_param},
   *     {@code missing_param} or {@code invalid_param}; {@code invalid_param} too when the
   *     submission also gives a command or argv
   */
  public Expansion expand(JobSubmission s) {
    String name = s.template();
    JobTemplate t = templates.get(name);
    if (t == null) {
      throw new TemplateException(TemplateException.UNKNOWN_TEMPLATE, "no template named '" + name
          + "' (known: " + String.join(", ", new TreeMap<>(templates).keySet())
          + "); templates are defined under templates: in the coordinator's config file");
    }
    if (s.command() != null || s.argv() != null) {
      throw new TemplateException(TemplateException.INVALID_PARAM, (s.command() != null ? "command" : "argv")
          + ": template '" + name + "' builds the argv from its params; leave out command and argv");
    }
    Map<String, Object> values = t.bind(s.params());
    List<String> labels = new ArrayList<>(t.labels());
    if (s.labels() != null) {
      labels.addAll(s.labels());
    }
    // the job's own scheduling settings win; a limit of the template's group goes with that group only
    TemplateDefinition d = t.definition();
    List<String> prefer = s.prefer() != null ? s.prefer() : d.prefer();
    boolean prefers = (prefer != null && !prefer.isEmpty()) || s.preferWorker() != null;
    String group = s.group() != null ? s.group() : d.group();
    JobSubmission expanded = JobSubmission.builder()
        .argv(t.expand(values))
        .env(s.env())
        .cwd(s.cwd())
        .stdin(s.stdin())
        .worker(s.worker())
        .labels(labels)
        .priority(s.priority() != null ? s.priority() : t.priority())
        .runAt(s.runAt())
        .delay(s.delay())
        .timeout(s.timeout() != null ? s.timeout() : t.timeout() == null ? null : io.relayq.core.Durations.format(t.timeout()))
        .lease(s.lease())
        .retries(s.retries() != null ? s.retries() : t.retries())
        .retryBackoff(s.retryBackoff())
        .retryExitCodes(s.retryExitCodes())
        .key(s.key())
        .metadata(s.metadata())
        .prefer(prefer)
        .preferWorker(s.preferWorker())
        .preferWait(s.preferWait() != null || !prefers ? s.preferWait() : d.preferWait())
        .group(group)
        .groupLimit(s.groupLimit() != null || !java.util.Objects.equals(group, d.group()) ? s.groupLimit() : d.groupLimit())
        .after(s.after())
        .build();
    return new Expansion(expanded, new TemplateUse(name, values));
  }
}
