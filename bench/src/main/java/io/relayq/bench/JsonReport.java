package io.relayq.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.relayq.core.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code latest.json}: the same figures as {@code latest.md}, for comparing runs by program
 * (before and after a change).
 */
final class JsonReport {
  record Run(String profile, Machine machine, double loadAtEnd, double wallSeconds, String note, List<Part> sections) {}

  record Part(String title, String store, String status, String reason, List<Value> figures, List<String> notes) {}

  record Value(String key, String label, Double value, String unit, String target, String peer, String note,
      Boolean met) {}

  private JsonReport() {}

  static void write(Report report, Path file) throws IOException {
    List<Part> parts = report.sections().stream().map(s -> new Part(s.title(),
        s.store() == null ? null : s.store().id(), s.status().name().toLowerCase(java.util.Locale.ROOT), s.reason(),
        s.figures().stream().map(f -> new Value(f.key(), f.label().strip(), f.measured() ? f.value() : null, f.unit(),
            f.target().text(), f.peer(), f.note(), f.measured() && f.target().judged() ? f.target().met(f.value()) : null))
            .toList(),
        s.notes())).toList();
    Run run = new Run(report.profile().name(), report.machine(), report.loadAtEnd(), report.wallSeconds(),
        report.note(), parts);
    Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), run);
  }
}
