package io.relayq.coordinator;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads query parameters strictly: unknown or repeated parameters and malformed values are a 400
 * {@code invalid_query} naming the parameter, never silently ignored.
 */
final class QueryParams {
  private final Context ctx;

  private QueryParams(Context ctx) {
    this.ctx = ctx;
  }

  /** Checks that only {@code allowed} parameters were given, each at most once. */
  static QueryParams of(Context ctx, Set<String> allowed) {
    for (var e : ctx.queryParamMap().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw ApiException.invalidQuery("unknown query parameter '" + e.getKey() + "'"
            + (allowed.isEmpty() ? "; this endpoint takes none" : " (valid: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
      }
      if (e.getValue().size() > 1) {
        throw ApiException.invalidQuery("query parameter '" + e.getKey() + "' is given " + e.getValue().size()
            + " times; give it once");
      }
    }
    return new QueryParams(ctx);
  }

  /** The value, or null when absent. An empty value counts as absent. */
  String string(String name) {
    List<String> values = ctx.queryParams(name);
    if (values.isEmpty() || values.get(0).isEmpty()) {
      return null;
    }
    return values.get(0);
  }

  Integer integer(String name, int min, int max) {
    Long v = number(name, min, max);
    return v == null ? null : v.intValue();
  }

  Long number(String name, long min, long max) {
    String text = string(name);
    if (text == null) {
      return null;
    }
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.invalidQuery(name + ": '" + text + "' is not a whole number");
    }
    if (v < min || v > max) {
      throw ApiException.invalidQuery(name + ": " + v + " is out of range " + min + ".." + max);
    }
    return v;
  }

  boolean flag(String name) {
    String text = string(name);
    if (text == null || text.equals("false")) {
      return false;
    }
    if (text.equals("true")) {
      return true;
    }
    throw ApiException.invalidQuery(name + ": '" + text + "' is not true or false");
  }
}
