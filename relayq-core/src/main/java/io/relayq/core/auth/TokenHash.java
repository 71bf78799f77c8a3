package io.relayq.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The form a token is stored in: the hex SHA-256 of its text. Tokens are long random strings, so
 * a plain hash is enough (no salt or slow hash is needed against guessing), and a leaked store
 * gives away no token.
 */
public final class TokenHash {
  private static final HexFormat HEX = HexFormat.of();

  private TokenHash() {}

  /** The hex SHA-256 of {@code token} as UTF-8. */
  public static String of(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Whether two hashes are equal, taking the same time wherever they differ
   * ({@link MessageDigest#isEqual}), so response times tell an attacker nothing about a stored
   * hash. Null never matches.
   */
  public static boolean matches(String expected, String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
  }
}
