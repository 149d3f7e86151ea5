package dev.toolgate.gateway.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified, by the SHA-256 of the token (the token itself is not kept), until they
 * expire, so a signature is checked once per token and not once per call. Bounded: when full,
 * expired entries are dropped, and if it is still full a newly verified token is simply not cached
 * (it is verified again next time; nothing is ever wrongly accepted).
 */
public final class VerifiedTokens {

  /** The 256 bits of a digest, compared and hashed without a copy to a string. */
  public record Key(long a, long b, long c, long d) {}

  private final Map<Key, VerifiedToken> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  public VerifiedTokens(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  public static Key key(String token) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    ByteBuffer digest = ByteBuffer.wrap(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
    return new Key(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
  }

  /** The verified token under this key if it is still usable at {@code nowMillis}. */
  public VerifiedToken get(Key key, long nowMillis) {
    VerifiedToken token = entries.get(key);
    if (token == null) {
      return null;
    }
    if (token.usableUntilMillis() <= nowMillis) {
      entries.remove(key, token);
      return null;
    }
    return token;
  }

  public void put(Key key, VerifiedToken token, long nowMillis) {
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(t -> t.usableUntilMillis() <= nowMillis);
      if (entries.size() >= maxEntries) {
        return;
      }
    }
    entries.put(key, token);
  }

  /** Forgets everything: the issuers or their rules changed. */
  public void clear() {
    entries.clear();
  }

  public int size() {
    return entries.size();
  }
}
