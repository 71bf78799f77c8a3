package io.relayq.cli;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the words after {@code --} into the one shell command a job runs. A single word is a shell
 * command as written ({@code 'for f in *; do ...'}); several words keep their boundaries, each
 * quoted for {@code /bin/sh}, so {@code relayq run -- sh -c 'echo a; echo b'} runs exactly what a
 * local shell would have run.
 */
final class ShellWords {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private ShellWords() {}

  static String command(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    StringBuilder out = new StringBuilder();
    for (String w : words) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(quote(w));
    }
    return out.toString();
  }

  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
