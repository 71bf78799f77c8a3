package io.relayq.coordinator;

import io.relayq.core.auth.ApiTokens;
import io.relayq.core.auth.TokenHash;
import io.relayq.store.JobStore;
import io.relayq.store.StoreException;
import io.relayq.store.TokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an {@code Authorization: Bearer <token>} header into a {@link Caller}, or refuses it with a
 * 401. The token is hashed and looked up by its hash; the stored hash is then compared in constant
 * time ({@link TokenHash#matches}).
 *
 * <p>Known tokens are cached for {@link #CACHE_FOR}, so a busy worker costs no store read per
 * request. A token revoked through this coordinator is refused at once; one revoked through
 * another coordinator sharing the store is refused here within {@link #CACHE_FOR}. While the store
 * cannot answer, a token this coordinator saw valid before stays valid, so the diagnosis still
 * reaches whoever asks why. Unknown tokens are never cached, so guessing cannot fill memory. The last-use time is written at most once per
 * {@link #TOUCH_EVERY} per token, off the request's thread.
 */
final class TokenAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);
  static final Duration CACHE_FOR = Duration.ofSeconds(5);
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private static final int MAX_CACHED = 10_000;
  private static final String BEARER = "Bearer ";

  private final JobStore store;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> touched = new ConcurrentHashMap<>();

  private record Cached(TokenRecord token, long loadedAt) {}

  TokenAuthenticator(JobStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The caller the header names.
   *
   * @throws ApiException 401 when the header is missing or malformed, or the token is unknown or
   *     revoked; the message never repeats the token
   */
  Caller authenticate(String authorization) {
    String token = bearerToken(authorization);
    String hash = TokenHash.of(token);
    TokenRecord record = lookup(hash).orElseThrow(() -> unauthorized(
        "the token is not known to this coordinator: check you copied all of it, or create one with"
            + " relayq token create"));
    if (!TokenHash.matches(record.hash(), hash)) {
      throw unauthorized("the token is not known to this coordinator");
    }
    if (record.revoked()) {
      throw unauthorized("the token '" + record.name() + "' was revoked at " + record.revokedAt()
          + "; ask an admin for a new one (relayq token create)");
    }
    noteUse(record);
    return new Caller(record.name(), record.role());
  }

  /** Drops cached tokens, so a revocation through this coordinator applies to the next request. */
  void forgetCached() {
    cache.clear();
  }

  private Optional<TokenRecord> lookup(String hash) {
    long now = System.nanoTime();
    Cached c = cache.get(hash);
    if (c != null && now - c.loadedAt() < CACHE_FOR.toNanos()) {
      return Optional.of(c.token());
    }
    Optional<TokenRecord> found;
    try {
      found = store.findToken(hash);
    } catch (StoreException e) {
      if (c != null) {
        return Optional.of(c.token());
      }
      throw e;
    }
    if (found.isPresent()) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(hash, new Cached(found.get(), now));
    } else {
      cache.remove(hash);
    }
    return found;
  }

  private void noteUse(TokenRecord record) {
    Instant now = clock.instant();
    Instant last = touched.get(record.hash());
    if (last == null) {
      last = record.lastUsedAt();
    }
    if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) {
      return;
    }
    if (touched.size() >= MAX_CACHED) {
      touched.clear();
    }
    touched.put(record.hash(), now);
    Thread.ofVirtual().name("relayq-token-use").start(() -> {
      try {
        store.touchToken(record.hash(), now);
      } catch (RuntimeException e) {
        log.debug("could not record the use of token {}: {}", record.name(), e.toString());
      }
    });
  }

  private static String bearerToken(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw unauthorized("this call needs a token: send the header Authorization: Bearer <token> (relayq up and"
          + " relayq server write an admin token to ~/.relayq/token on first start; relayq token create makes more)");
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw unauthorized("the Authorization header must be 'Bearer <token>'");
    }
    String token = authorization.substring(BEARER.length()).strip();
    if (token.isEmpty() || token.length() > ApiTokens.MAX_LENGTH) {
      throw unauthorized("the bearer token is empty or longer than any relayq token");
    }
    return token;
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }
}
