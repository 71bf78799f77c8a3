package io.relayq.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, in the order it was measured: the sections of every scenario, and
 * the raw series the plots are drawn from (latency samples, drain progress, flight-recording
 * summaries).
 */
final class Report {
  private final Machine machine;
  private final Profile profile;
  private final String note;
  private final List<StoreKind> stores;
  private final List<Section> sections = new ArrayList<>();
  private final Map<String, Stats> latencies = new LinkedHashMap<>();
  private final Map<String, List<double[]>> progress = new LinkedHashMap<>();
  private final Map<String, JfrSummary> profiles = new LinkedHashMap<>();
  private double loadAtEnd = Double.NaN;
  private double wallSeconds = Double.NaN;

  /** @param note said at the top of the results (like "the machine was busy"), or null */
  Report(Machine machine, Profile profile, String note, List<StoreKind> stores) {
    this.machine = machine;
    this.profile = profile;
    this.note = note;
    this.stores = List.copyOf(stores);
  }

  /** Starts a section; it announces itself with its first figure. */
  synchronized Section open(String title, StoreKind store) {
    Section s = new Section(title, store);
    sections.add(s);
    return s;
  }

  /** Round-trip samples of one kind of job on one store, for the latency plots. */
  synchronized void latency(String series, Stats totalMs) {
    latencies.put(series, totalMs);
  }

  /** Jobs finished over time during one drain, for the progress plot. */
  synchronized void progress(String series, List<double[]> points) {
    if (!points.isEmpty()) {
      progress.put(series, List.copyOf(points));
    }
  }

  /** Where a process spent its time during one phase. */
  synchronized void profile(String title, JfrSummary summary) {
    profiles.put(title, summary);
  }

  synchronized void finish(double loadAverage, double seconds) {
    this.loadAtEnd = loadAverage;
    this.wallSeconds = seconds;
  }

  Machine machine() {
    return machine;
  }

  Profile profile() {
    return profile;
  }

  String note() {
    return note;
  }

  List<StoreKind> stores() {
    return stores;
  }

  synchronized List<Section> sections() {
    return Collections.unmodifiableList(new ArrayList<>(sections));
  }

  /** Latency series in the order they were measured. */
  synchronized List<Map.Entry<String, Stats>> latencySeries() {
    return List.copyOf(latencies.entrySet());
  }

  synchronized List<Map.Entry<String, List<double[]>>> progressSeries() {
    return List.copyOf(progress.entrySet());
  }

  synchronized List<Map.Entry<String, JfrSummary>> profiles() {
    return List.copyOf(profiles.entrySet());
  }

  synchronized double loadAtEnd() {
    return loadAtEnd;
  }

  synchronized double wallSeconds() {
    return wallSeconds;
  }

  /** Whether any scenario broke: the harness then exits non-zero. */
  synchronized boolean anyBroken() {
    return sections.stream().anyMatch(s -> s.status() == Section.Status.BROKEN);
  }

  /** The first figure with {@code key} measured on {@code store}, if any. */
  synchronized java.util.Optional<Figure> figure(String key, StoreKind store) {
    return sections.stream().filter(s -> s.store() == store).flatMap(s -> s.figures().stream())
        .filter(f -> f.key().equals(key) && f.measured()).findFirst();
  }
}
