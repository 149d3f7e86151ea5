package dev.toolgate.gateway.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

/**
 * The gateway's signing keys for identity tokens: the key it signs with, the one it signed with
 * before (tokens signed just before a rotation still verify), and the next one, published ahead so
 * a worker that cached the JWKS already knows it when it comes into use. ES256 (P-256) keys, in
 * memory only and new on every start.
 */
public final class IdentityKeys {

  /** One key pair, its kid, and the encoded JWS header of tokens it signs. */
  record SigningKey(String kid, KeyPair pair, Es256Signer signer, String encodedHeader) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private volatile List<SigningKey> keys; // previous (may be null), current, next
  private volatile byte[] jwks;

  public IdentityKeys() {
    SigningKey current = generate();
    SigningKey next = generate();
    publish(null, current, next);
  }

  /** The previous key is dropped, the current one becomes previous, the next one current. */
  public synchronized void rotate() {
    List<SigningKey> now = keys;
    publish(now.get(1), now.get(2), generate());
  }

  SigningKey current() {
    return keys.get(1);
  }

  /** The public keys as a JWKS document. */
  public byte[] jwks() {
    return jwks;
  }

  /** Whether a key is still in the JWKS (tokens it signed still verify). */
  boolean isPublished(String kid) {
    for (SigningKey key : keys) {
      if (key != null && key.kid().equals(kid)) {
        return true;
      }
    }
    return false;
  }

  /** The kid of the key signing now. */
  public String currentKid() {
    return current().kid();
  }

  private void publish(SigningKey previous, SigningKey current, SigningKey next) {
    java.util.ArrayList<SigningKey> all = new java.util.ArrayList<>();
    all.add(previous);
    all.add(current);
    all.add(next);
    JWKSet set =
        new JWKSet(
            all.stream()
                .filter(k -> k != null)
                .map(
                    k ->
                        (com.nimbusds.jose.jwk.JWK)
                            new ECKey.Builder(Curve.P_256, (ECPublicKey) k.pair().getPublic())
                                .keyID(k.kid())
                                .keyUse(KeyUse.SIGNATURE)
                                .algorithm(JWSAlgorithm.ES256)
                                .build())
                .toList());
    jwks = set.toString(true).getBytes(StandardCharsets.UTF_8);
    keys = java.util.Collections.unmodifiableList(all);
  }

  private static SigningKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      byte[] id = new byte[9];
      RANDOM.nextBytes(id);
      String kid = "tg-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
      JWSHeader header =
          new JWSHeader.Builder(JWSAlgorithm.ES256)
              .type(new JOSEObjectType(IdentityTokens.TYPE))
              .keyID(kid)
              .build();
      return new SigningKey(
          kid, pair, new Es256Signer(pair.getPrivate()), header.toBase64URL().toString());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides EC P-256", e);
    }
  }
}
