package dev.toolgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.toolgate.gateway.policy.PolicyOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyOptionsTest {

  @Test
  void policyDefaultsKeepStateInMemoryAndRedactBuiltInFormats() {
    PolicyOptions policy = GatewayOptions.parse(new String[] {"--config", "c"}, Map.of()).policy();

    assertThat(policy.limitsBackend()).isEqualTo(PolicyOptions.Backend.MEMORY);
    assertThat(policy.cacheBackend()).isEqualTo(PolicyOptions.Backend.MEMORY);
    assertThat(policy.failureMode()).isEqualTo(PolicyOptions.FailureMode.BY_COST);
    assertThat(policy.redisTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.cacheMaxBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(policy.cacheMaxEntryBytes()).isEqualTo(1024 * 1024);
    assertThat(policy.loopMaxRepeats()).isEqualTo(20);
    assertThat(policy.loopWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.builtInRedaction()).isTrue();
    assertThat(policy.redactionKeyFile()).isNull();
  }

  @Test
  void redisBackendsComeFromFlagsOrTheEnvironment() {
    PolicyOptions policy =
        GatewayOptions.parse(
                new String[] {
                  "--config", "c", "--cache-backend", "redis", "--redis-failure-mode", "closed"
                },
                Map.of(
                    "TOOLGATE_REDIS_URL", "redis://redis.toolgate:6379",
                    "TOOLGATE_LIMITS_BACKEND", "redis",
                    "TOOLGATE_LOOP_MAX_REPEATS", "0"))
            .policy();

    assertThat(policy.redisUrl()).isEqualTo("redis://redis.toolgate:6379");
    assertThat(policy.limitsBackend()).isEqualTo(PolicyOptions.Backend.REDIS);
    assertThat(policy.cacheBackend()).isEqualTo(PolicyOptions.Backend.REDIS);
    assertThat(policy.failureMode()).isEqualTo(PolicyOptions.FailureMode.CLOSED);
    assertThat(policy.loopMaxRepeats()).isZero();
  }

  @Test
  void aRedisBackendWithoutAUrlOrAnUnknownModeIsRefused() {
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--limits-backend", "redis"}, Map.of()))
        .hasMessageContaining("--redis-url");
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--redis-failure-mode", "maybe"}, Map.of()))
        .hasMessageContaining("by-cost, open or closed");
    assertThatThrownBy(
            () ->
                GatewayOptions.parse(
                    new String[] {"--config", "c", "--cache-backend", "disk"}, Map.of()))
        .hasMessageContaining("memory or redis");
  }

  @Test
  void helpListsThePolicySettings() {
    assertThat(GatewayOptions.help())
        .contains("--redis-url")
        .contains("--limits-backend")
        .contains("--cache-backend")
        .contains("--redis-failure-mode")
        .contains("--redaction-key-file")
        .contains("--loop-max-repeats");
  }
}
