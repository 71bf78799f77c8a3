package io.relayq.core;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Job ids: opaque strings that sort roughly by creation time and are safe in URLs and shells, like
 * {@code j_0q3c5m8x2kd4h7rt}.
 */
public final class JobIds {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final Pattern SYNTAX = Pattern.compile("j_[0-9a-z]{16}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobIds() {}

  /** A new id: 45 bits of milliseconds and 35 random bits in 16 base32 characters. */
  public static String next() {
    long time = System.currentTimeMillis() & ((1L << 45) - 1);
    long rand = RANDOM.nextLong() & ((1L << 35) - 1);
    char[] out = new char[16];
    for (int i = 8; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    for (int i = 15; i >= 9; i--) {
      out[i] = ALPHABET[(int) (rand & 31)];
      rand >>>= 5;
    }
    return "j_" + new String(out);
  }

  public static boolean isValid(String id) {
    return id != null && SYNTAX.matcher(id).matches();
  }

  /** Throws {@link IllegalArgumentException} when {@code id} cannot be a job id. */
  public static String check(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          "'" + id + "' is not a job id (job ids look like j_0q3c5m8x2kd4h7rt)");
    }
    return id;
  }
}
