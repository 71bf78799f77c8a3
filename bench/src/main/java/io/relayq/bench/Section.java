package io.relayq.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The results of one scenario on one store (or on none, for store-independent ones): its figures,
 * its notes, and whether it ran, broke or was skipped. A broken section keeps the figures measured
 * before the failure.
 */
final class Section {
  /** How a scenario ended. Only {@link #BROKEN} makes the harness exit non-zero. */
  enum Status { OK, BROKEN, SKIPPED }

  private final String title;
  private final StoreKind store;
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Status status = Status.OK;
  private String reason;
  private boolean announced;

  Section(String title, StoreKind store) {
    this.title = title;
    this.store = store;
  }

  String title() {
    return title;
  }

  /** Null for a scenario that does not depend on the store. */
  StoreKind store() {
    return store;
  }

  /** Adds a figure and prints it, so a long run shows its progress. */
  synchronized void add(Figure figure) {
    figures.add(figure);
    System.out.println("  " + prefix() + figure.label() + ": " + figure.cell());
  }

  synchronized void note(String text) {
    notes.add(text);
    System.out.println("  " + prefix() + "note: " + text);
  }

  /** Marks the scenario broken: it could not produce a valid figure (a job failed, a process died...). */
  synchronized void broke(String why) {
    status = Status.BROKEN;
    reason = why;
    System.out.println("  " + prefix() + "BROKEN: " + why);
  }

  synchronized void skip(String why) {
    status = Status.SKIPPED;
    reason = why;
    System.out.println("  " + prefix() + "skipped: " + why);
  }

  /** The section's title once, before its first line of output. */
  private String prefix() {
    if (!announced) {
      announced = true;
      System.out.println("== " + title + (store == null ? "" : " on " + store.title()));
    }
    return "[" + (store == null ? "" : store.id() + " ") + title.substring(0, title.indexOf('.') + 1) + "] ";
  }

  synchronized Status status() {
    return status;
  }

  synchronized String reason() {
    return reason;
  }

  synchronized List<Figure> figures() {
    return Collections.unmodifiableList(new ArrayList<>(figures));
  }

  synchronized List<String> notes() {
    return Collections.unmodifiableList(new ArrayList<>(notes));
  }
}
