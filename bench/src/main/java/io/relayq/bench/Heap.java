package io.relayq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's heap as {@code jcmd PID GC.heap_info} shows it: the "used" of its generations (or
 * regions), summed, in MiB. {@link #liveMb} runs a full collection first, so what is left is what
 * the process really holds.
 */
final class Heap {
  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

  private Heap() {}

  /** Heap in use now, garbage included. */
  static OptionalDouble usedMb(BenchEnv env, long pid) {
    return parse(jcmd(env, pid, "GC.heap_info"));
  }

  /** Heap in use after a full collection. */
  static OptionalDouble liveMb(BenchEnv env, long pid) {
    jcmd(env, pid, "GC.run");
    return usedMb(env, pid);
  }

  /**
   * Sums the {@code total NK, used NK} lines: one per generation (Serial, Parallel) or one for the
   * heap (G1), leaving out Metaspace; eden, survivor and region lines have no {@code total}.
   */
  static OptionalDouble parse(String heapInfo) {
    long kb = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      if (!line.contains("Metaspace") && !line.contains("class space")) {
        Matcher m = USED.matcher(line);
        if (m.find()) {
          kb += Long.parseLong(m.group(1));
          found = true;
        }
      }
    }
    return found ? OptionalDouble.of(kb / 1024.0) : OptionalDouble.empty();
  }

  private static String jcmd(BenchEnv env, long pid, String command) {
    try {
      Process p = new ProcessBuilder(List.of(env.jcmd().toString(), Long.toString(pid), command))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "";
      }
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
