package dev.toolgate.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemKeysTest {

  @Test
  void readsThePkcs8KeyOpensslGenpkeyWrites() throws Exception {
    KeyPair pair = PemKeys.parse(Openssl.pkcs8P256()).getFirst();
    assertThat(((ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(signsAndVerifies(pair)).isTrue();
  }

  @Test
  void readsTheSec1KeyOpensslEcparamAndHelmWrite() throws Exception {
    assertThat(signsAndVerifies(PemKeys.parse(Openssl.sec1P256()).getFirst())).isTrue();
  }

  @Test
  void readsSeveralKeysInTheirOrderAndSkipsOtherBlocks() {
    String first = Openssl.sec1P256();
    String second = Openssl.pkcs8P256();
    String publicOnly = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    List<KeyPair> pairs = PemKeys.parse(first + publicOnly + second);
    assertThat(pairs).hasSize(2);
    assertThat(pairs.get(0).getPublic()).isEqualTo(PemKeys.parse(first).getFirst().getPublic());
    assertThat(pairs.get(1).getPublic()).isEqualTo(PemKeys.parse(second).getFirst().getPublic());
  }

  @Test
  void refusesTextWithoutAPrivateKey() {
    assertThatThrownBy(() -> PemKeys.parse("not a key"))
        .hasMessageContaining("holds no PEM private key");
    assertThatThrownBy(() -> PemKeys.parse("")).hasMessageContaining("holds no PEM private key");
  }

  @Test
  void refusesAnRsaKeyNamingEs256() {
    String pem = Openssl.sec1P256() + Openssl.rsa();
    assertThatThrownBy(() -> PemKeys.parse(pem))
        .hasMessageStartingWith("key 2 ")
        .hasMessageContaining("ES256, which needs an EC P-256 key");
    String pkcs1 =
        Openssl.rsa()
            .replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY")
            .replace("END PRIVATE KEY", "END RSA PRIVATE KEY");
    assertThatThrownBy(() -> PemKeys.parse(pkcs1)).hasMessageContaining("is a RSA PRIVATE KEY");
  }

  @Test
  void refusesAKeyOnAnotherCurve() {
    assertThatThrownBy(() -> PemKeys.parse(Openssl.p384()))
        .hasMessageContaining("another curve; ES256 needs P-256");
  }

  @Test
  void refusesAKeyWithoutItsPublicPart() {
    assertThatThrownBy(() -> PemKeys.parse(Openssl.withoutPublicPart(Openssl.sec1P256())))
        .hasMessageContaining("has no public key part");
  }

  @Test
  void refusesAPublicPartThatBelongsToAnotherKey() {
    byte[] one = der(Openssl.sec1P256());
    byte[] other = der(Openssl.sec1P256());
    // SEC 1 ends with the uncompressed public point (65 bytes): put the other key's there.
    System.arraycopy(other, other.length - 65, one, one.length - 65, 65);
    assertThatThrownBy(() -> PemKeys.parse(pem("EC PRIVATE KEY", one)))
        .hasMessageContaining("does not match its private key");
  }

  @Test
  void refusesBrokenEncodingsWithoutEchoingThem() {
    String garbage = "-----BEGIN PRIVATE KEY-----\nMIIBsecret\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> PemKeys.parse(garbage))
        .hasMessageStartingWith("key 1 ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MIIBsecret"));
    byte[] truncated = Arrays.copyOf(der(Openssl.pkcs8P256()), 40);
    assertThatThrownBy(() -> PemKeys.parse(pem("PRIVATE KEY", truncated)))
        .hasMessageContaining("malformed DER");
  }

  static boolean signsAndVerifies(KeyPair pair) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(new byte[] {1, 2, 3});
    return verifier.verify(signature);
  }

  private static byte[] der(String pem) {
    return Base64.getMimeDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
