package dev.sqliterest.server.auth;

import dev.sqliterest.rest.HttpRequestData.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that already passed verification, so a client repeating its token skips the signature
 * check (an RSA verify costs tens of microseconds, as much as a small query). PostgREST keeps a JWT
 * cache for the same reason.
 *
 * <p>A hit needs the exact token string, verified with the same key file version ({@link KeyRing}
 * identity, so a rotation empties it in effect), and is valid until {@code exp} + leeway but never
 * longer than {@link #MAX_AGE} after verification. Tokens with a future {@code nbf} never get here
 * (they fail verification). Bounded at {@link #MAX_ENTRIES}: when full it is cleared, which costs
 * one re-verification per active client.
 */
final class VerifiedTokens {

  static final int MAX_ENTRIES = 10_000;
  static final Duration MAX_AGE = Duration.ofMinutes(5);

  private record Entry(KeyRing ring, Principal principal, Instant validUntil) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final InstantSource time;

  VerifiedTokens(InstantSource time) {
    this.time = time;
  }

  /** The principal of a token verified earlier with {@code ring} and still valid, or null. */
  Principal get(String token, KeyRing ring) {
    Entry e = entries.get(token);
    if (e == null) {
      return null;
    }
    if (e.ring() != ring || !time.instant().isBefore(e.validUntil())) {
      entries.remove(token, e);
      return null;
    }
    return e.principal();
  }

  /**
   * Remembers a verified token.
   *
   * @param expiresAt the token's {@code exp}, or null when it has none
   * @param leeway the clock skew allowed on {@code exp}
   */
  void put(String token, KeyRing ring, Principal principal, Instant expiresAt, Duration leeway) {
    Instant now = time.instant();
    Instant until = now.plus(MAX_AGE);
    if (expiresAt != null && expiresAt.plus(leeway).isBefore(until)) {
      until = expiresAt.plus(leeway);
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(token, new Entry(ring, principal, until));
  }

  int size() {
    return entries.size();
  }
}
