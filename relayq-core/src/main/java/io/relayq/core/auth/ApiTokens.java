package io.relayq.core.auth;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Making and naming API tokens. A token is {@code rq_} and 32 base62 characters (190 random bits),
 * so it is easy to spot in a leaked file and never guessed. Only its {@link TokenHash} is kept.
 */
public final class ApiTokens {
  /** Every token starts with this, so secret scanners and people can recognise one. */
  public static final String PREFIX = "rq_";
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int RANDOM_CHARS = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** Longer than any token relayq makes; a longer header value is refused before it is hashed. */
  public static final int MAX_LENGTH = 256;

  private ApiTokens() {}

  /** A new random token. */
  public static String generate() {
    char[] out = new char[RANDOM_CHARS];
    for (int i = 0; i < out.length; i++) {
      out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
    }
    return PREFIX + new String(out);
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Throws {@link IllegalArgumentException} when {@code name} cannot name a token. */
  public static String checkName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("token name '" + name + "' is invalid: use 1-64 letters, digits, '.', '_'"
          + " and '-', starting with a letter or digit, like ci or laptop-anna");
    }
    return name;
  }
}
