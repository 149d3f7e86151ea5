package dev.toolgate.gateway.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 public keys between their JWK form (the raw 32 bytes, {@code x}) and the JDK's, so EdDSA
 * works with the JDK's own provider (nimbus's Ed25519 classes need Google Tink).
 */
public final class Ed25519Keys {

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows it. */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519Keys() {}

  public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new GeneralSecurityException("an Ed25519 key has 32 bytes");
    }
    byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
    System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
  }

  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }
}
