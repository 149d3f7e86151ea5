package dev.toolgate.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.gateway.auth.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityKeyFileTest {

  @TempDir Path dir;

  private static final String CURRENT = Openssl.pkcs8P256();
  private static final String NEXT = Openssl.sec1P256();

  private Path write(String name, String pem) throws Exception {
    return Files.writeString(dir.resolve(name), pem);
  }

  private static String mint(IdentityKeys keys) {
    Principal caller =
        new Principal(
            "https://idp.example.com",
            "alice",
            null,
            Set.of(),
            Set.of("s"),
            Instant.now().plusSeconds(300),
            Duration.ofMinutes(5),
            false);
    return new IdentityTokens(keys, Clock.systemUTC())
        .mint(
            new IdentityTokens.Claims(
                "https://mcp.example.com/mcp",
                "http://w.tools.svc:8080/mcp",
                caller,
                List.of("s"),
                "t",
                null,
                Duration.ofSeconds(30)));
  }

  @Test
  void twoGatewaysReadingTheSameFileSignTokensEachOthersJwksVerifies() throws Exception {
    Path file = write("keys.pem", CURRENT);
    IdentityKeys one = IdentityKeyFile.load(file).keys();
    IdentityKeys two = IdentityKeyFile.load(file).keys();
    assertThat(one.currentKid()).isEqualTo(two.currentKid());
    assertThat(IdentityTokensTest.verifies(mint(one), two.jwks())).isTrue();
    assertThat(IdentityTokensTest.verifies(mint(two), one.jwks())).isTrue();
    assertThat(IdentityTokensTest.verifies(mint(new IdentityKeys()), one.jwks()))
        .as("control: a replica's own generated key is unknown to the others")
        .isFalse();
  }

  @Test
  void theFirstKeySignsAndEveryKeyIsPublished() throws Exception {
    IdentityKeys keys = IdentityKeyFile.load(write("keys.pem", CURRENT + NEXT)).keys();
    IdentityKeys current = IdentityKeyFile.load(write("current.pem", CURRENT)).keys();
    IdentityKeys next = IdentityKeyFile.load(write("next.pem", NEXT)).keys();
    assertThat(keys.currentKid()).isEqualTo(current.currentKid());
    assertThat(keys.publishedKids()).containsExactly(current.currentKid(), next.currentKid());
    assertThat(new String(keys.jwks(), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("\"d\"");
  }

  @Test
  void aRotationInTheFileIsPickedUpAndTokensOfTheOldKeyVerifyUntilItIsDropped() throws Exception {
    Path file = write("keys.pem", CURRENT);
    IdentityKeyFile keyFile = IdentityKeyFile.load(file);
    IdentityKeys keys = keyFile.keys();
    String old = mint(keys);

    Files.writeString(file, CURRENT + NEXT); // 1. publish the next key
    keyFile.reload();
    assertThat(keys.publishedKids()).hasSize(2);
    byte[] jwksAhead = keys.jwks();

    Files.writeString(file, NEXT + CURRENT); // 2. sign with it
    keyFile.reload();
    String fresh = mint(keys);
    assertThat(IdentityTokensTest.verifies(fresh, jwksAhead)).as("known before it signed").isTrue();
    assertThat(IdentityTokensTest.verifies(old, keys.jwks())).isTrue();

    Files.writeString(file, NEXT); // 3. drop the old key
    keyFile.reload();
    assertThat(IdentityTokensTest.verifies(old, keys.jwks())).isFalse();
    assertThat(IdentityTokensTest.verifies(fresh, keys.jwks())).isTrue();
  }

  @Test
  void aFileTurnedBadWhileRunningLeavesTheKeysInForce() throws Exception {
    Path file = write("keys.pem", CURRENT);
    IdentityKeyFile keyFile = IdentityKeyFile.load(file);
    byte[] before = keyFile.keys().jwks();
    Files.writeString(file, Openssl.rsa());
    keyFile.reload();
    Files.delete(file);
    keyFile.reload();
    assertThat(keyFile.keys().jwks()).isEqualTo(before);
  }

  @Test
  void aMissingOrBadFileIsAClearErrorNamingTheFlagAndFile() throws Exception {
    Path missing = dir.resolve("absent.pem");
    assertThatThrownBy(() -> IdentityKeyFile.load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--identity-key-file " + missing + " does not exist");
    Path empty = write("empty.pem", "");
    assertThatThrownBy(() -> IdentityKeyFile.load(empty))
        .hasMessageStartingWith("--identity-key-file " + empty + ": holds no PEM private key");
    Path rsa = write("rsa.pem", Openssl.rsa());
    assertThatThrownBy(() -> IdentityKeyFile.load(rsa))
        .hasMessageContaining("key 1 is not an EC key");
    assertThatThrownBy(() -> IdentityKeyFile.load(dir)).hasMessageContaining("cannot be read");
  }

  @Test
  void keysFromAFileAreNotRotatedInMemory() throws Exception {
    IdentityKeys keys = IdentityKeyFile.load(write("keys.pem", CURRENT)).keys();
    assertThatThrownBy(keys::rotate).isInstanceOf(IllegalStateException.class);
  }
}
