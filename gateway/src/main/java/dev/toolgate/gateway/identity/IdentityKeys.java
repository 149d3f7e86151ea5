package dev.toolgate.gateway.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import dev.toolgate.gateway.auth.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The gateway's signing keys for identity tokens: the key it signs with, the one it signed with
 * before (tokens signed just before a rotation still verify), and the next one, published ahead so
 * a worker that cached the JWKS already knows it when it comes into use. Keys live in memory only
 * and are new on every start.
 */
public final class IdentityKeys {

  /** One key pair, its kid, and the encoded JWS header of tokens it signs. */
  record SigningKey(String kid, KeyPair pair, Ed25519Signer signer, String encodedHeader) {}

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
                            new OctetKeyPair.Builder(
                                    Curve.Ed25519,
                                    Base64URL.encode(Ed25519Keys.raw(k.pair().getPublic())))
                                .keyID(k.kid())
                                .keyUse(KeyUse.SIGNATURE)
                                .algorithm(JWSAlgorithm.EdDSA)
                                .build())
                .toList());
    jwks = set.toString(true).getBytes(StandardCharsets.UTF_8);
    keys = java.util.Collections.unmodifiableList(all);
  }

  private static SigningKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] id = new byte[9];
      RANDOM.nextBytes(id);
      String kid = "tg-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
      JWSHeader header =
          new JWSHeader.Builder(JWSAlgorithm.EdDSA)
              .type(new JOSEObjectType(IdentityTokens.TYPE))
              .keyID(kid)
              .build();
      return new SigningKey(
          kid, pair, new Ed25519Signer(pair.getPrivate()), header.toBase64URL().toString());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides Ed25519", e);
    }
  }
}
