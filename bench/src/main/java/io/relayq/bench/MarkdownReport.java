package io.relayq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code latest.md}: the machine, a summary against DESIGN §9, one table per scenario
 * (our figure per store next to the target and the best peer), where the coordinator's time went,
 * and the plots.
 */
final class MarkdownReport {
  /** The summary rows: the figures DESIGN §9 sets a bar for. */
  private static final List<String> SUMMARY_KEYS = List.of("e2e.rate", "dispatch.drain", "submit.concurrent",
      "submit.batch", "latency.noop.p50", "latency.noop.p99", "latency.shell.p50", "latency.shell.p99", "shell.share",
      "recovery.done", "recovery.same-identity", "scale.store-claim.large.p99", "scale.http-claim.large.p99",
      "scale.submit.ratio", "scale.heap.large", "footprint.worker.rss", "footprint.help", "footprint.help.launcher");
  private static final int PROFILE_ROWS = 10;

  private final Report report;
  private final StringBuilder out = new StringBuilder();

  private MarkdownReport(Report report) {
    this.report = report;
  }

  static void write(Report report, List<String> plots, Path file) throws IOException {
    MarkdownReport md = new MarkdownReport(report);
    md.header();
    md.summary();
    md.scenarios();
    md.profiles();
    md.plots(plots);
    Files.writeString(file, md.out.toString(), StandardCharsets.UTF_8);
  }

  private void header() {
    Machine m = report.machine();
    Profile p = report.profile();
    line("# relayq benchmark results");
    line("");
    line("<!-- written by bench/run.sh; run it again rather than editing this file -->");
    line("");
    line(String.format(Locale.ROOT, "A **%s** run (`bench/run.sh%s`) of %s UTC, %.1f minutes. How each scenario works and how"
        + " to read the tables: [bench/README.md](../README.md).", p.name(), p.isQuick() ? " --quick" : "",
        m.date().toString().replace('T', ' ').replace("Z", ""), report.wallSeconds() / 60));
    line("");
    line("| machine | |");
    line("|---|---|");
    line("| cores (`nproc`) | " + m.cores() + " |");
    line("| memory | " + m.memory() + " |");
    line("| CPU | " + m.cpu() + " |");
    line("| JDK | " + m.jdk() + " |");
    line("| stores | " + storesLine() + " |");
    line("| code | commit " + m.commit() + " |");
    line(String.format(Locale.ROOT, "| load average (1 min) | %.2f at the start, %.2f at the end |", m.loadAtStart(),
        report.loadAtEnd()));
    line("");
    if (report.note() != null && !report.note().isBlank()) {
      line("> **Note:** " + report.note());
      line("");
    }
    if (p.isQuick()) {
      line("> **Quick run:** every scenario ran at smoke-test size (see bench/README.md), so the figures below only"
          + " show that the scenarios work; compare a full run's figures with the targets.");
      line("");
    }
  }

  private String storesLine() {
    List<String> parts = new ArrayList<>();
    for (StoreKind k : report.stores()) {
      boolean skipped = report.sections().stream().filter(s -> s.store() == k)
          .allMatch(s -> s.status() == Section.Status.SKIPPED);
      parts.add(switch (k) {
        case SQLITE -> "SQLite (one file in WAL mode, durable commits, `relayq server`)";
        case POSTGRES -> "PostgreSQL (a fresh schema per cluster, dropped after; coordinator `relayq server --db`)";
      } + (skipped ? " — skipped" : ""));
    }
    return String.join("; ", parts);
  }

  private void summary() {
    line("## Summary against DESIGN §9");
    line("");
    List<StoreKind> stores = report.stores();
    StringBuilder head = new StringBuilder("| figure | target | best peer |");
    StringBuilder rule = new StringBuilder("|---|---|---|");
    for (StoreKind k : stores) {
      head.append(' ').append(k.title()).append(" |");
      rule.append("---|");
    }
    line(head.toString());
    line(rule.toString());
    for (String key : SUMMARY_KEYS) {
      Optional<Figure> any = anyFigure(key);
      if (any.isEmpty()) {
        continue;
      }
      Figure f = any.get();
      StringBuilder row = new StringBuilder("| " + summaryLabel(key, f) + " | " + f.target().text() + " | " + f.peer()
          + " |");
      for (StoreKind k : stores) {
        row.append(' ').append(storeCell(key, k)).append(" |");
      }
      line(row.toString());
    }
    line("");
    List<String> problems = new ArrayList<>();
    for (Section s : report.sections()) {
      if (s.status() != Section.Status.OK) {
        problems.add("- **" + s.status().name().toLowerCase(Locale.ROOT) + "**: " + s.title()
            + (s.store() == null ? "" : " on " + s.store().title()) + ": " + s.reason());
      }
    }
    if (!problems.isEmpty()) {
      line("Scenarios that did not run to the end:");
      line("");
      problems.forEach(this::line);
      line("");
    }
  }

  private String summaryLabel(String key, Figure f) {
    return switch (key) {
      case "latency.noop.p50" -> "latency, no-op job, p50";
      case "latency.noop.p99" -> "latency, no-op job, p99";
      case "latency.shell.p50" -> "latency, /bin/true job, p50";
      case "latency.shell.p99" -> "latency, /bin/true job, p99";
      case "footprint.worker.rss" -> "idle worker agent RSS";
      case "footprint.help" -> "`relayq --help` (java -jar)";
      case "footprint.help.launcher" -> "`./relayq --help` (launcher)";
      case "scale.store-claim.large.p99" -> "store claim p99, large queue";
      case "scale.http-claim.large.p99" -> "claim over HTTP p99, large queue";
      case "scale.submit.ratio" -> "submit rate, large vs small queue";
      case "scale.heap.large" -> "coordinator live heap, large queue";
      case "e2e.rate" -> "end to end, no-op jobs";
      case "dispatch.drain" -> "drain of queued no-op jobs";
      case "submit.concurrent" -> "submit, 8 clients";
      case "submit.batch" -> "submit, batch";
      case "shell.share" -> "/bin/true jobs vs raw spawn rate";
      case "recovery.done" -> "worker SIGKILLed mid-job → done elsewhere";
      case "recovery.same-identity" -> "… → done when it restarts at once";
      default -> f.label().trim();
    };
  }

  private String storeCell(String key, StoreKind store) {
    Optional<Section> section = report.sections().stream().filter(s -> s.store() == store || s.store() == null)
        .filter(s -> s.figures().stream().anyMatch(f -> f.key().equals(key))).findFirst();
    if (section.isEmpty()) {
      return report.sections().stream().anyMatch(s -> s.store() == store && s.status() == Section.Status.SKIPPED)
          ? "skipped" : "—";
    }
    return section.get().figures().stream().filter(f -> f.key().equals(key)).findFirst().map(Figure::verdictCell)
        .orElse("—");
  }

  private Optional<Figure> anyFigure(String key) {
    return report.sections().stream().flatMap(s -> s.figures().stream()).filter(f -> f.key().equals(key)).findFirst();
  }

  private void scenarios() {
    Map<String, List<Section>> byTitle = new LinkedHashMap<>();
    // in the order (1 to 6), whatever order they ran in
    List<Section> ordered = report.sections().stream()
        .sorted(java.util.Comparator.comparingInt(s -> Titles.ORDER.indexOf(s.title()))).toList();
    for (Section s : ordered) {
      byTitle.computeIfAbsent(s.title(), t -> new ArrayList<>()).add(s);
    }
    for (var e : byTitle.entrySet()) {
      line("## " + e.getKey());
      line("");
      scenarioTable(e.getValue());
    }
  }

  private void scenarioTable(List<Section> sections) {
    List<String> columns = sections.stream().map(s -> s.store() == null ? "measured" : s.store().title()).toList();
    Map<String, Figure> rows = new LinkedHashMap<>();
    sections.forEach(s -> s.figures().forEach(f -> rows.putIfAbsent(f.key(), f)));
    if (!rows.isEmpty()) {
      line("| figure | " + String.join(" | ", columns) + " | target | best peer |");
      line("|---|" + "---|".repeat(columns.size()) + "---|---|");
      for (Figure f : rows.values()) {
        StringBuilder row = new StringBuilder("| " + label(f.label()) + " |");
        for (Section s : sections) {
          row.append(' ').append(s.figures().stream().filter(x -> x.key().equals(f.key())).findFirst()
              .map(Figure::cell).orElse("—")).append(" |");
        }
        row.append(' ').append(f.target().text()).append(" | ").append(f.peer()).append(" |");
        line(row.toString());
      }
      line("");
    }
    for (Section s : sections) {
      String where = s.store() == null ? "" : s.store().title() + ": ";
      if (s.status() != Section.Status.OK) {
        line("- **" + where + s.status().name().toLowerCase(Locale.ROOT) + "**: " + s.reason());
      }
      for (String n : s.notes()) {
        line("- " + where + n);
      }
    }
    line("");
  }

  /** Table labels that start with spaces (sub-rows) keep their indent in markdown. */
  private static String label(String text) {
    return text.startsWith("  ") ? "&nbsp;&nbsp;" + text.strip() : text;
  }

  private void profiles() {
    List<Map.Entry<String, JfrSummary>> profiles = report.profiles();
    if (profiles.isEmpty()) {
      return;
    }
    line("## Where the time goes (flight recordings)");
    line("");
    line("CPU samples of the coordinator and of one dispatch agent (JFR `settings=profile`, about one sample per thread every 10-20 ms while"
        + " it runs Java code), cut to each phase. *By library* charges each sample to the innermost frame that is"
        + " not the JDK's; *by relayq method* to the innermost relayq frame, so time spent in libraries counts"
        + " for the relayq code that called them. Native samples are threads inside native code (SQLite, socket"
        + " waits); allocations are JFR's sampled bytes by type.");
    line("");
    for (var e : profiles) {
      JfrSummary j = e.getValue();
      line(String.format(Locale.ROOT, "### %s: %,d CPU samples, %d garbage collections (%.0f ms)", e.getKey(),
          j.samples(), j.collections(), j.collectionMillis()));
      line("");
      shares("by library", j.libraries(), "by relayq method", j.relayqMethods());
      shares("by top-of-stack method", j.topMethods(), "by thread", j.threads());
      shares("native-method samples", j.nativeMethods(), "allocated bytes by type", j.allocations());
    }
  }

  private void shares(String leftTitle, List<JfrSummary.Share> left, String rightTitle, List<JfrSummary.Share> right) {
    line("| " + leftTitle + " | % | " + rightTitle + " | % |");
    line("|---|---:|---|---:|");
    int n = Math.min(PROFILE_ROWS, Math.max(left.size(), right.size()));
    for (int i = 0; i < n; i++) {
      line("| " + shareCell(left, i) + " | " + shareCell(right, i) + " |");
    }
    line("");
  }

  private static String shareCell(List<JfrSummary.Share> shares, int i) {
    if (i >= shares.size()) {
      return " | ";
    }
    JfrSummary.Share s = shares.get(i);
    return "`" + s.name().replace("|", "\\|") + "` | " + String.format(Locale.ROOT, "%.1f", s.percent());
  }

  private void plots(List<String> plots) {
    if (plots.isEmpty()) {
      return;
    }
    line("## Plots");
    line("");
    for (String p : plots) {
      line("![" + p.replace(".png", "").replace('-', ' ') + "](" + p + ")");
      line("");
    }
  }

  private void line(String text) {
    out.append(text).append('\n');
  }
}
