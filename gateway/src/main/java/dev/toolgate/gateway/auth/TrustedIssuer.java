package dev.toolgate.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.toolgate.api.config.IssuerConfig;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One issuer in force: what the config says of it and its cached keys.
 *
 * @param algorithms the accepted algorithms, from the config's allow-list only
 */
public record TrustedIssuer(IssuerConfig config, Set<JWSAlgorithm> algorithms, IssuerKeys keys) {

  public static TrustedIssuer of(IssuerConfig config, IssuerKeys keys) {
    Set<JWSAlgorithm> algorithms =
        config.algorithmsOrDefault().stream()
            .filter(IssuerConfig.ALLOWED_ALGORITHMS::contains)
            .map(JWSAlgorithm::parse)
            .collect(Collectors.toUnmodifiableSet());
    return new TrustedIssuer(config, algorithms, keys);
  }

  public String issuer() {
    return config.issuer();
  }
}
