package io.relayq.bench;

/** Runs one part of a scenario; a failure marks its section broken with the reason, and the run goes on. */
final class Step {
  /** The body of a step. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private Step() {}

  /** Runs {@code body}; returns false (with {@code section} marked broken) when it threw. */
  static boolean run(Section section, Body body) {
    try {
      body.run();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      section.broke("interrupted");
      return false;
    } catch (Exception e) {
      section.broke(describe(e));
      return false;
    }
  }

  /** Marks every section that has not measured anything broken: its cluster could not run. */
  static void brokeAll(Iterable<Section> sections, Exception e) {
    for (Section s : sections) {
      if (s.status() == Section.Status.OK && s.figures().isEmpty()) {
        s.broke(describe(e));
      }
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return e instanceof BenchException ? message : e.getClass().getSimpleName() + ": " + message;
  }
}
