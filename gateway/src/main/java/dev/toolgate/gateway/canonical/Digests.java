package dev.toolgate.gateway.canonical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex, over texts joined so that no two different lists collide. */
public final class Digests {

  private Digests() {}

  /**
   * The SHA-256 of the parts, each preceded by its length: {@code ("ab","c")} and {@code
   * ("a","bc")} differ.
   */
  public static String sha256(String... parts) {
    MessageDigest digest = newDigest();
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
      digest.update(bytes);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The SHA-256 of one text's UTF-8 bytes, as {@code sha256sum} prints it. */
  public static String sha256Of(String text) {
    return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
