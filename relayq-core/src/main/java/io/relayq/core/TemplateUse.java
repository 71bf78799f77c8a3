package io.relayq.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which template a job's argv was built from, and with which parameter values (defaults filled
 * in): what status and the dashboard show, and part of the spec an idempotency key is compared
 * against.
 *
 * @param name the template's name
 * @param params every parameter that had a value: a {@code String}, an {@code Integer} or a
 *     {@code List<String>} by type
 */
public record TemplateUse(String name, Map<String, Object> params) {
  public TemplateUse {
    Objects.requireNonNull(name, "name");
    Map<String, Object> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> copy.put(k, v instanceof List<?> l ? List.copyOf(l) : v));
    params = java.util.Collections.unmodifiableMap(copy);
  }
}
