package io.relayq.core.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A template as written under {@code templates.NAME} in the coordinator's config file: the argv
 * with {@code {param}} placeholders, the parameters, and job defaults. {@link JobTemplate#of}
 * checks it.
 *
 * <pre>{@code
 * thumbnail:
 *   description: One frame of a video as a JPEG
 *   argv: [ffmpeg, -nostdin, -ss, "{at}", -i, "{input}", -frames:v, "1", "{output}"]
 *   params:
 *     input: {type: path, required: true}
 *     output: {type: path, required: true}
 *     at: {type: string, default: "00:00:01", pattern: "[0-9:.]+"}
 *   labels: [has:ffmpeg]
 *   timeout: 10m
 * }</pre>
 *
 * @param description what the template does, for people
 * @param argv the program and its arguments: each element a string, or a list of strings that is
 *     left out as a whole when one of its parameters has no value (like {@code [--language, "{language}"]})
 * @param params the parameters by name, in the order they are shown
 * @param labels labels the worker must have, added to those the job asks for
 * @param timeout the job's timeout unless it gives one, like {@code 2h}
 * @param retries the job's retries unless it gives them
 * @param priority the job's priority unless it gives one
 * @param prefer labels a worker should preferably have, unless the job gives its own
 * @param preferWait how long a job waits for a preferred worker, unless it gives its own
 * @param group the job's concurrency group unless it gives one
 * @param groupLimit the most jobs of {@code group} running at once, cluster-wide
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateDefinition(
    String description,
    List<Object> argv,
    Map<String, TemplateParam> params,
    List<String> labels,
    String timeout,
    Integer retries,
    Integer priority,
    List<String> prefer,
    String preferWait,
    String group,
    Integer groupLimit) {

  public TemplateDefinition {
    argv = argv == null ? null : Collections.unmodifiableList(new java.util.ArrayList<>(argv));
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    labels = labels == null ? null : List.copyOf(labels);
    prefer = prefer == null ? null : List.copyOf(prefer);
  }
}
