package io.relayq.store.files;

/**
 * A file of a job: one of its inputs, or an output an attempt collected.
 *
 * @param attempt the attempt that collected an output; 0 for an input
 */
public record JobFileEntry(Kind kind, String name, FileBlob blob, int attempt) {

  public enum Kind {
    INPUT("input"),
    OUTPUT("output");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wireName() {
      return wire;
    }

    public static Kind fromWire(String s) {
      return switch (s) {
        case "input" -> INPUT;
        case "output" -> OUTPUT;
        default -> throw new IllegalArgumentException("unknown file kind '" + s + "'");
      };
    }
  }
}
