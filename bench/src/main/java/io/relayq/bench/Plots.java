package io.relayq.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG plots of a run, written beside {@code latest.md}: latency CDF and histogram, rates
 * against the targets and the best peers, the shell-job share of the raw spawn rate, and drain
 * progress over time. A plot without data is not written.
 */
final class Plots {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 560;
  private static final int HISTOGRAM_BINS = 40;

  private Plots() {}

  /** Writes every plot there is data for; returns the file names written. */
  static List<String> write(Report report, Path dir) throws IOException {
    List<String> written = new ArrayList<>();
    save(latencyCdf(report), dir, "latency-cdf", written);
    save(latencyHistogram(report), dir, "latency-histogram", written);
    save(rates(report), dir, "throughput", written);
    save(shellShare(report), dir, "shell-share", written);
    save(progress(report), dir, "drain-progress", written);
    return written;
  }

  private static void save(Chart<?, ?> chart, Path dir, String name, List<String> written) throws IOException {
    if (chart == null) {
      return;
    }
    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapFormat.PNG);
    written.add(name + ".png");
  }

  static XYChart latencyCdf(Report report) {
    List<Map.Entry<String, Stats>> series = report.latencySeries();
    if (series.isEmpty()) {
      return null;
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Submit → result visible, sequential round trips (targets: p50 < 1 ms, p99 < 3 ms)")
        .xAxisTitle("milliseconds (log scale)").yAxisTitle("percent of round trips at or below").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    for (var e : series) {
      double[] x = e.getValue().sorted();
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = 100.0 * (i + 1) / x.length;
      }
      chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  static XYChart latencyHistogram(Report report) {
    List<Map.Entry<String, Stats>> series = report.latencySeries();
    if (series.isEmpty()) {
      return null;
    }
    double max = series.stream().mapToDouble(e -> e.getValue().p99()).max().orElse(1);
    double width = max / HISTOGRAM_BINS;
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Submit → result visible: how round trips spread (up to the largest p99)")
        .xAxisTitle("milliseconds").yAxisTitle("round trips").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    for (var e : series) {
      double[] counts = new double[HISTOGRAM_BINS];
      for (double v : e.getValue().sorted()) {
        if (v <= max) {
          counts[Math.min(HISTOGRAM_BINS - 1, (int) (v / width))]++;
        }
      }
      double[] x = new double[HISTOGRAM_BINS];
      Arrays.setAll(x, i -> i * width);
      chart.addSeries(e.getKey(), x, counts).setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /** One group of bars per rate; per store our figure, then the target and the best peer. */
  static CategoryChart rates(Report report) {
    record Rate(String label, String key, double target, double peer) {}
    List<Rate> rates = List.of(
        new Rate("end to end", "e2e.rate", 3_200, 1_597),
        new Rate("drain", "dispatch.drain", 4_600, 2_321),
        new Rate("submit, 8 clients", "submit.concurrent", 10_000, 4_883));
    List<String> labels = rates.stream().map(Rate::label).toList();
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("No-op jobs per second: relayq against the DESIGN §9 targets and the best peers")
        .xAxisTitle("").yAxisTitle("jobs/s").build();
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    boolean any = false;
    for (StoreKind store : report.stores()) {
      List<Number> ours = rates.stream()
          .map(r -> (Number) Math.round(report.figure(r.key(), store).map(Figure::value).orElse(0.0))).toList();
      if (ours.stream().anyMatch(n -> n.doubleValue() > 0)) {
        chart.addSeries("relayq, " + store.title(), labels, ours);
        any = true;
      }
    }
    if (!any) {
      return null;
    }
    chart.addSeries("target", labels, rates.stream().map(r -> (Number) r.target()).toList());
    chart.addSeries("best peer", labels, rates.stream().map(r -> (Number) r.peer()).toList());
    return chart;
  }

  static CategoryChart shellShare(Report report) {
    List<String> labels = new ArrayList<>();
    List<Number> ours = new ArrayList<>();
    for (StoreKind store : report.stores()) {
      report.figure("shell.share", store).ifPresent(f -> {
        labels.add(store.title());
        ours.add(Math.round(f.value()));
      });
    }
    if (labels.isEmpty()) {
      return null;
    }
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH / 2 + 100).height(HEIGHT)
        .title("/bin/true jobs as % of the raw spawn rate").xAxisTitle("").yAxisTitle("percent").build();
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.addSeries("relayq", labels, ours);
    chart.addSeries("target (80 %)", labels, labels.stream().map(l -> (Number) 80).toList());
    chart.addSeries("best peer (48 %)", labels, labels.stream().map(l -> (Number) 48).toList());
    return chart;
  }

  static XYChart progress(Report report) {
    List<Map.Entry<String, List<double[]>>> series = report.progressSeries();
    if (series.isEmpty()) {
      return null;
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Jobs finished over time (coordinator's relayq_jobs_finished_total, sampled every 2 s)")
        .xAxisTitle("seconds since the start").yAxisTitle("jobs finished").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    for (var e : series) {
      double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
      chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }
}
