package io.relayq.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.relayq.core.Json;
import java.io.PrintStream;

/** {@code --json} output: the API's own records, in the API's JSON, one document per command. */
final class JsonOutput {
  private JsonOutput() {}

  static void print(PrintStream out, Object value) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
