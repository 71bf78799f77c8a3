package io.relayq.core.api;

import java.util.List;

/** The answer of {@code GET /api/v1/templates}: every template, by name. */
public record TemplateList(List<TemplateView> templates) {}
