package dev.toolgate.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Set;

/** EdDSA (Ed25519) signatures with the JDK's provider as a nimbus signer, for test tokens. */
public final class JdkEd25519Signer implements JWSSigner {

  private final PrivateKey key;
  private final JCAContext jca = new JCAContext();

  public JdkEd25519Signer(PrivateKey key) {
    this.key = key;
  }

  @Override
  public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      throw new JOSEException("JdkEd25519Signer signs EdDSA only");
    }
    return Base64URL.encode(signature(signingInput));
  }

  private byte[] signature(byte[] signingInput) throws JOSEException {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(signingInput);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }
}
