package io.relayq.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which of a job's output streams a chunk of bytes came from. */
public enum OutputChannel {
  STDOUT,
  STDERR;

  @JsonValue
  public String wireName() {
    return this == STDOUT ? "stdout" : "stderr";
  }

  @JsonCreator
  public static OutputChannel fromWire(String name) {
    return switch (name) {
      case "stdout" -> STDOUT;
      case "stderr" -> STDERR;
      default -> throw new IllegalArgumentException("unknown stream '" + name + "' (stdout or stderr)");
    };
  }
}
