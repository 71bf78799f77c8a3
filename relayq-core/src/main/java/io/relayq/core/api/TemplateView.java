package io.relayq.core.api;

import io.relayq.core.template.TemplateParam;
import java.util.List;
import java.util.Map;

/**
 * A job template as the API shows it: what it runs and the parameters a job gives it.
 *
 * @param source {@code builtin} or {@code config}
 * @param argv the program and its arguments with {@code {param}} placeholders; a nested list is a
 *     group left out when one of its parameters has no value
 * @param params every parameter by name, with its type, whether it is required, its default
 * @param labels labels every job of the template requires
 * @param timeout the jobs' timeout unless they give one, or null for the usual default
 * @param retries the jobs' retries unless they give them, or null
 * @param priority the jobs' priority unless they give one, or null
 * @param prefer the jobs' preferred labels unless they give their own, or null
 * @param preferWait the jobs' wait for a preferred worker unless they give their own, or null
 * @param group the jobs' concurrency group unless they give one, or null
 * @param groupLimit that group's limit, or null
 */
public record TemplateView(
    String name,
    String source,
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
    Integer groupLimit) {}
