package dev.toolgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IssuerKeysTest {

  TestIssuer issuer;
  MovableClock clock = new MovableClock();

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer();
  }

  @AfterEach
  void stop() throws Exception {
    issuer.close();
  }

  /** A clock tests move by hand. */
  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private IssuerKeys keys(String jwksUri) {
    return new IssuerKeys(
        issuer.url(),
        jwksUri,
        issuer.fetcher(),
        clock,
        Duration.ofSeconds(30),
        Duration.ofMinutes(10));
  }

  @Test
  void discoversTheJwksFromTheIssuersMetadata() {
    assertThat(keys(null).find("rsa-1", JWSAlgorithm.RS256)).isNotNull();
  }

  @Test
  void anUnknownKidRefetchesAtMostOncePerInterval() throws Exception {
    IssuerKeys keys = keys(issuer.jwksUrl());
    assertThat(keys.find("rsa-1", JWSAlgorithm.RS256)).isNotNull();
    assertThat(issuer.jwksFetches()).isEqualTo(1);

    for (int i = 0; i < 20; i++) {
      assertThat(keys.find("made-up-" + i, JWSAlgorithm.RS256)).isNull();
    }
    assertThat(issuer.jwksFetches()).as("no refetch inside 30 s").isEqualTo(1);

    RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    issuer.publish(rotated);
    clock.advance(Duration.ofSeconds(31));
    assertThat(keys.find("rsa-2", JWSAlgorithm.RS256))
        .as("a new key after the interval")
        .isNotNull();
    assertThat(issuer.jwksFetches()).isEqualTo(2);
  }

  @Test
  void theLastGoodKeysKeepWorkingWhileTheJwksIsDownAndUnknownKidsFailClosed() {
    IssuerKeys keys = keys(issuer.jwksUrl());
    assertThat(keys.find("rsa-1", JWSAlgorithm.RS256)).isNotNull();
    issuer.down(true);
    clock.advance(Duration.ofMinutes(11)); // keys are stale: a refetch is tried and fails

    assertThat(keys.find("rsa-1", JWSAlgorithm.RS256)).isNotNull();
    assertThat(issuer.jwksFetches()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(31));
    assertThat(keys.find("rsa-9", JWSAlgorithm.RS256)).isNull();
    assertThat(issuer.jwksFetches()).isEqualTo(3);
  }

  @Test
  void aKeyOfAnotherTypeOrAlgorithmIsNotUsed() {
    IssuerKeys keys = keys(issuer.jwksUrl());
    assertThat(keys.find("rsa-1", JWSAlgorithm.ES256)).isNull();
    assertThat(keys.find("ec-1", JWSAlgorithm.ES256)).isNotNull();
    assertThat(keys.find("ed-1", JWSAlgorithm.EdDSA)).isNotNull();
  }

  @Test
  void withoutKidOnlyASingleCandidateIsUsed() {
    IssuerKeys keys = keys(issuer.jwksUrl());
    assertThat(keys.find(null, JWSAlgorithm.ES256)).as("one EC key").isNotNull();
    assertThat(keys.find(null, JWSAlgorithm.RS256)).as("one RSA key").isNotNull();
  }

  @Test
  void metadataNamingAnotherIssuerIsNotTrusted() {
    List<URI> asked = new ArrayList<>();
    AtomicBoolean served = new AtomicBoolean();
    JsonFetcher lying =
        url -> {
          asked.add(url);
          if (url.getPath().endsWith("/jwks")) {
            served.set(true);
            return issuer.jwks();
          }
          return "{\"issuer\":\"https://evil.example.com\",\"jwks_uri\":\""
              + issuer.jwksUrl()
              + "\"}";
        };
    IssuerKeys keys =
        new IssuerKeys(
            issuer.url(), null, lying, clock, Duration.ofSeconds(30), Duration.ofMinutes(10));
    assertThat(keys.find("rsa-1", JWSAlgorithm.RS256)).isNull();
    assertThat(served).isFalse();
    assertThat(asked)
        .extracting(URI::getPath)
        .containsExactly(
            "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration");
  }

  @Test
  void discoveryOfAnIssuerWithAPathTriesRfc8414ThenOidcForms() {
    assertThat(IssuerMetadata.candidates("https://idp.example.com/realms/a"))
        .extracting(URI::toString)
        .containsExactly(
            "https://idp.example.com/.well-known/oauth-authorization-server/realms/a",
            "https://idp.example.com/.well-known/openid-configuration/realms/a",
            "https://idp.example.com/realms/a/.well-known/openid-configuration");
  }

  @Test
  void aFailingFetcherLeavesNoKeysAndNoException() {
    IssuerKeys keys =
        new IssuerKeys(
            issuer.url(),
            issuer.jwksUrl(),
            url -> {
              throw new IOException("connection refused");
            },
            clock,
            Duration.ofSeconds(30),
            Duration.ofMinutes(10));
    assertThat(keys.find("rsa-1", JWSAlgorithm.RS256)).isNull();
    assertThat(keys.cached()).isEmpty();
  }
}
