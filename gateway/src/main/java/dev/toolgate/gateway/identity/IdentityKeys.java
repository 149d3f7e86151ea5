package dev.toolgate.gateway.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's signing keys for identity tokens and the JWKS that publishes them. Either generated
 * in memory at start ({@link #IdentityKeys()}): the key it signs with, the one it signed with
 * before (tokens signed just before a rotation still verify) and the next one, published ahead so a
 * worker that cached the JWKS already knows it when {@link #rotate()} brings it into use; or given
 * from a key file every replica shares ({@link IdentityKeyFile}): the first key signs, every key is
 * published. A kid is the key's JWK thumbprint, so replicas holding the same key agree on it.
 */
public final class IdentityKeys {

  /** One key pair, its kid, and the encoded JWS header of tokens it signs. */
  record SigningKey(String kid, KeyPair pair, Es256Signer signer, String encodedHeader) {}

  /** What is in force at once: the signing key, every published key, the JWKS document. */
  private record Ring(SigningKey signing, List<SigningKey> published, byte[] jwks) {}

  private final boolean generated;
  private volatile Ring ring;

  /** Keys generated in memory, new on every start, rotated by {@link #rotate()}. */
  public IdentityKeys() {
    this.generated = true;
    SigningKey current = signingKey(generate());
    publish(current, List.of(current, signingKey(generate())));
  }

  /** Given keys: the first signs, all are published. */
  IdentityKeys(List<KeyPair> pairs) {
    this.generated = false;
    use(pairs);
  }

  /**
   * Generated keys only: the previous key is dropped, the current one becomes previous, the next
   * one current, and a new next one is generated.
   *
   * @throws IllegalStateException for keys from a file, which rotate by editing the file
   */
  public synchronized void rotate() {
    if (!generated) {
      throw new IllegalStateException("keys from a key file rotate by changing the file");
    }
    Ring now = ring;
    int current = now.published().indexOf(now.signing());
    SigningKey next = now.published().get(current + 1);
    publish(next, List.of(now.signing(), next, signingKey(generate())));
  }

  /** Replaces given keys: the first signs, all are published. */
  synchronized void use(List<KeyPair> pairs) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no keys");
    }
    List<SigningKey> keys = new ArrayList<>();
    for (KeyPair pair : pairs) {
      SigningKey key = signingKey(pair);
      if (keys.stream().noneMatch(k -> k.kid().equals(key.kid()))) {
        keys.add(key);
      }
    }
    publish(keys.getFirst(), keys);
  }

  SigningKey current() {
    return ring.signing();
  }

  /** The public keys as a JWKS document. */
  public byte[] jwks() {
    return ring.jwks();
  }

  /** Whether a key is still in the JWKS (tokens it signed still verify). */
  boolean isPublished(String kid) {
    for (SigningKey key : ring.published()) {
      if (key.kid().equals(kid)) {
        return true;
      }
    }
    return false;
  }

  /** The kid of the key signing now. */
  public String currentKid() {
    return current().kid();
  }

  /** The kids published, in order. */
  public List<String> publishedKids() {
    return ring.published().stream().map(SigningKey::kid).toList();
  }

  private void publish(SigningKey signing, List<SigningKey> published) {
    JWKSet set = new JWKSet(published.stream().map(IdentityKeys::jwk).toList());
    ring =
        new Ring(
            Objects.requireNonNull(signing),
            List.copyOf(published),
            set.toString(true).getBytes(StandardCharsets.UTF_8));
  }

  private static JWK jwk(SigningKey key) {
    return publicJwk(key.pair()).keyID(key.kid()).build();
  }

  private static ECKey.Builder publicJwk(KeyPair pair) {
    return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.ES256);
  }

  private static SigningKey signingKey(KeyPair pair) {
    String kid;
    try {
      // 128 bits of the RFC 7638 thumbprint: the same key gets the same kid on every replica.
      kid = "tg-" + publicJwk(pair).build().computeThumbprint().toString().substring(0, 22);
    } catch (JOSEException e) {
      throw new IllegalStateException("the JDK provides SHA-256", e);
    }
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(new JOSEObjectType(IdentityTokens.TYPE))
            .keyID(kid)
            .build();
    return new SigningKey(
        kid, pair, new Es256Signer(pair.getPrivate()), header.toBase64URL().toString());
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides EC P-256", e);
    }
  }
}
