package io.relayq.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with a header row, columns padded to their widest cell, the last one free. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... headers) {
    columns = headers.length;
    String[] upper = new String[columns];
    for (int i = 0; i < columns; i++) {
      upper[i] = headers[i].toUpperCase(Locale.ROOT);
    }
    rows.add(upper);
  }

  /** Adds a row; null cells print as {@code -}. */
  Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + columns);
    }
    String[] r = new String[columns];
    for (int i = 0; i < columns; i++) {
      r[i] = cells[i] == null ? "-" : cells[i].toString();
    }
    rows.add(r);
    return this;
  }

  /** Rows added so far, without the header. */
  int size() {
    return rows.size() - 1;
  }

  void print(PrintStream out) {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(r[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
