package dev.toolgate.gateway.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EC P-256 key pairs from PEM text: PKCS #8 ({@code BEGIN PRIVATE KEY}, as {@code openssl genpkey}
 * writes) or SEC 1 ({@code BEGIN EC PRIVATE KEY}, as {@code openssl ecparam -genkey} and Helm's
 * {@code genPrivateKey "ecdsa"} write). The public half is read from the key (both tools write it),
 * since the JDK cannot derive it, and checked against the private half by a test signature. Errors
 * name the key by its position, never its bytes.
 */
final class PemKeys {

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----", Pattern.DOTALL);
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 2, 1
  };
  private static final byte[] P256_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 3, 1, 7};
  private static final ECParameterSpec P256 = p256();

  private PemKeys() {}

  /**
   * Every private key in the text, in order.
   *
   * @throws IllegalArgumentException when there is none, or one is not a whole EC P-256 key
   */
  static List<KeyPair> parse(String pem) {
    List<KeyPair> pairs = new ArrayList<>();
    Matcher block = BLOCK.matcher(pem);
    while (block.find()) {
      String type = block.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue; // certificates or public keys beside the keys are not ours to judge
      }
      int number = pairs.size() + 1;
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(block.group(2));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key " + number + " is not valid base64");
      }
      try {
        pairs.add(
            switch (type) {
              case "PRIVATE KEY" -> fromSec1(pkcs8Content(der), true);
              case "EC PRIVATE KEY" -> fromSec1(der, false);
              default ->
                  throw new IllegalArgumentException(
                      "is a " + type + "; identity tokens are ES256, which needs an EC P-256 key");
            });
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key " + number + " " + e.getMessage());
      }
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException(
          "holds no PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE"
              + " KEY-----)");
    }
    return pairs;
  }

  /** The SEC 1 key inside a PKCS #8 PrivateKeyInfo, once its algorithm is EC on P-256. */
  private static byte[] pkcs8Content(byte[] der) {
    Der info = new Der(der).enter(Der.SEQUENCE);
    info.next(Der.INTEGER);
    Der algorithm = info.enter(Der.SEQUENCE);
    if (!Arrays.equals(algorithm.next(Der.OID), EC_PUBLIC_KEY_OID)) {
      throw new IllegalArgumentException(
          "is not an EC key; identity tokens are ES256, which needs an EC P-256 key");
    }
    requireP256(algorithm.next(Der.OID));
    return info.next(Der.OCTET_STRING);
  }

  /**
   * ECPrivateKey ::= SEQUENCE { version 1, privateKey, [0] curve OPTIONAL, [1] public OPTIONAL }
   */
  private static KeyPair fromSec1(byte[] der, boolean curveKnown) {
    Der key = new Der(der).enter(Der.SEQUENCE);
    if (new BigInteger(key.next(Der.INTEGER)).intValue() != 1) {
      throw new IllegalArgumentException("is not an SEC 1 EC private key (version is not 1)");
    }
    byte[] scalar = key.next(Der.OCTET_STRING);
    byte[] point = null;
    while (key.hasMore()) {
      int tag = key.peek();
      if (tag == Der.CONTEXT_0) {
        requireP256(key.enter(Der.CONTEXT_0).next(Der.OID));
        curveKnown = true;
      } else if (tag == Der.CONTEXT_1) {
        point = key.enter(Der.CONTEXT_1).next(Der.BIT_STRING);
      } else {
        key.next(tag);
      }
    }
    if (!curveKnown) {
      throw new IllegalArgumentException("does not name its curve; it must be P-256");
    }
    if (point == null) {
      throw new IllegalArgumentException(
          "has no public key part; write it with openssl genpkey -algorithm EC -pkeyopt"
              + " ec_paramgen_curve:P-256, which includes it");
    }
    // BIT STRING: no unused bits, then the uncompressed point 04 || X || Y.
    if (point.length != 66 || point[0] != 0 || point[1] != 4) {
      throw new IllegalArgumentException(
          "has a public key that is not an uncompressed P-256 point");
    }
    return pair(scalar, point);
  }

  private static KeyPair pair(byte[] scalar, byte[] point) {
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 2, 34));
      BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 34, 66));
      KeyPair pair =
          new KeyPair(
              factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256)),
              factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256)));
      requireMatching(pair);
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a valid P-256 key: " + e.getMessage());
    }
  }

  /** A key whose public part belongs to another key would sign tokens nobody can verify. */
  private static void requireMatching(KeyPair pair) throws GeneralSecurityException {
    byte[] probe = "toolgate identity key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new IllegalArgumentException(
          "has a public key part that does not match its private key");
    }
  }

  private static void requireP256(byte[] curve) {
    if (!Arrays.equals(curve, P256_OID)) {
      throw new IllegalArgumentException(
          "is on another curve; ES256 needs P-256 (prime256v1, secp256r1)");
    }
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides EC P-256", e);
    }
  }
}
