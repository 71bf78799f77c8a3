package io.relayq.coordinator;

import java.util.regex.Pattern;

/** Worker names as they appear in paths: 1-64 letters, digits, {@code .}, {@code _} or {@code -}. */
final class WorkerNames {
  private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private WorkerNames() {}

  /** Returns the name, or throws 400 {@code invalid_id} saying what a name may contain. */
  static String check(String name) {
    if (name == null || !SYNTAX.matcher(name).matches()) {
      throw ApiException.invalidId("'" + name + "' is not a worker name: use 1-64 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit, like rpi4 or build-01");
    }
    return name;
  }
}
