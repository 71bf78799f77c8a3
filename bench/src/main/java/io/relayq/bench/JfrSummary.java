package io.relayq.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a process spent its time in one window of a flight recording: CPU samples by method (the
 * frame on top), by relayq method (the innermost relayq frame, so library work is charged to the
 * relayq code that asked for it), by library (the innermost frame that is not the JDK's), by thread;
 * native-method samples; sampled allocations by type; garbage collections.
 */
record JfrSummary(
    long samples,
    List<Share> topMethods,
    List<Share> relayqMethods,
    List<Share> libraries,
    List<Share> threads,
    List<Share> nativeMethods,
    List<Share> allocations,
    int collections,
    double collectionMillis) {

  private static final int TOP = 12;

  /** A name and its part of the whole, in percent. */
  record Share(String name, double percent) {}

  /**
   * Reads the events of {@code file} that started between {@code from} and {@code to}.
   *
   * @throws IOException when the file cannot be read as a recording
   */
  static JfrSummary read(Path file, Instant from, Instant to) throws IOException {
    Map<String, Long> top = new HashMap<>();
    Map<String, Long> relayq = new HashMap<>();
    Map<String, Long> libraries = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> natives = new HashMap<>();
    Map<String, Long> allocations = new HashMap<>();
    long samples = 0;
    int gcs = 0;
    double gcMillis = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        Instant t = e.getStartTime();
        if (t.isBefore(from) || t.isAfter(to)) {
          continue;
        }
        switch (e.getEventType().getName()) {
          case "jdk.ExecutionSample" -> {
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
              continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            top.merge(method(frames.getFirst()), 1L, Long::sum);
            frames.stream().filter(f -> typeName(f).startsWith("io.relayq.") && !isLambda(typeName(f))).findFirst()
                .ifPresent(f -> relayq.merge(method(f), 1L, Long::sum));
            libraries.merge(frames.stream().map(JfrSummary::typeName).filter(n -> !isJdk(n)).findFirst()
                .map(JfrSummary::library).orElse("JDK only (no library frame)"), 1L, Long::sum);
            threads.merge(threadName(e.getThread("sampledThread")), 1L, Long::sum);
          }
          case "jdk.NativeMethodSample" -> {
            RecordedStackTrace stack = e.getStackTrace();
            if (stack != null && !stack.getFrames().isEmpty()) {
              natives.merge(method(stack.getFrames().getFirst()), 1L, Long::sum);
            }
          }
          case "jdk.ObjectAllocationSample" ->
              allocations.merge(e.getClass("objectClass").getName(), e.getLong("weight"), Long::sum);
          case "jdk.GarbageCollection" -> {
            gcs++;
            gcMillis += e.getDuration().toNanos() / 1e6;
          }
          default -> { }
        }
      }
    }
    return new JfrSummary(samples, shares(top), shares(relayq), shares(libraries), shares(threads), shares(natives),
        shares(allocations), gcs, gcMillis);
  }

  /** The largest entries, each as a percent of the sum of all entries. */
  static List<Share> shares(Map<String, Long> counts) {
    double total = counts.values().stream().mapToLong(Long::longValue).sum();
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .map(e -> new Share(e.getKey(), 100 * e.getValue() / total))
        .toList();
  }

  /** The library a class belongs to, by package. */
  static String library(String type) {
    String[][] known = {
        {"io.relayq.store.", "relayq store"}, {"io.relayq.coordinator.", "relayq coordinator"},
        {"io.relayq.core.", "relayq core"}, {"io.relayq.worker.", "relayq worker"},
        {"io.relayq.client.", "relayq client"}, {"io.relayq.", "relayq"},
        {"org.sqlite.", "SQLite JDBC"}, {"org.postgresql.", "PostgreSQL JDBC"}, {"com.zaxxer.hikari.", "HikariCP"},
        {"org.eclipse.jetty.", "Jetty"}, {"io.javalin.", "Javalin"}, {"com.fasterxml.jackson.", "Jackson"},
        {"io.micrometer.", "Micrometer"}, {"io.prometheus.", "Micrometer"}, {"ch.qos.logback.", "logging"},
        {"org.slf4j.", "logging"}, {"kotlin.", "Kotlin stdlib"}, {"org.flywaydb.", "Flyway"}};
    for (String[] k : known) {
      if (type.startsWith(k[0])) {
        return k[1];
      }
    }
    int dot = type.lastIndexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  static boolean isJdk(String type) {
    return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
        || type.startsWith("sun.") || type.startsWith("com.sun.");
  }

  /** A lambda's hidden class, which has no readable method name: the frame below it names the code. */
  private static boolean isLambda(String type) {
    return type.contains("$$Lambda");
  }

  private static String typeName(RecordedFrame f) {
    return f.getMethod() == null ? "?" : f.getMethod().getType().getName();
  }

  /** {@code SimpleClass.method}, with the library in brackets when it is not the JDK. */
  private static String method(RecordedFrame f) {
    if (f.getMethod() == null) {
      return "?";
    }
    String type = f.getMethod().getType().getName();
    if (isLambda(type)) {
      type = type.substring(0, type.indexOf("$$Lambda")) + "$lambda";
    }
    String simple = type.substring(type.lastIndexOf('.') + 1);
    return simple + "." + f.getMethod().getName() + " [" + (isJdk(type) ? "JDK" : library(type)) + "]";
  }

  /** Thread names with their numbers folded, so a pool shows as one line. */
  private static String threadName(RecordedThread t) {
    if (t == null) {
      return "?";
    }
    String name = t.getJavaName();
    if (name == null || name.isEmpty()) {
      return t.isVirtual() ? "(unnamed virtual threads)" : "(unnamed)";
    }
    return name.replaceAll("\\d+", "N");
  }
}
