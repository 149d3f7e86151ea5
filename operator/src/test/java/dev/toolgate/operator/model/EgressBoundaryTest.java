package dev.toolgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EgressBoundaryTest {

  private final EgressBoundary boundary =
      EgressBoundary.defaults()
          .with(List.of("10.96.0.0/12"), "the cluster's Service range")
          .with(List.of("10.244.0.0/16"), "the cluster's Pod range")
          .with(List.of("192.0.2.2"), "the API server");

  @Test
  void deniedRangesInsideARuleBecomeItsExceptions() {
    assertThat(boundary.exceptions("10.0.0.0/8")).containsExactly("10.96.0.0/12", "10.244.0.0/16");
    assertThat(boundary.exceptions("192.0.2.0/24")).containsExactly("192.0.2.2/32");
    assertThat(boundary.exceptions("fe80::/8")).containsExactly("fe80::/10");
    assertThat(boundary.exceptions("10.20.0.0/16")).isEmpty();
  }

  @Test
  void aRuleInsideTheDenyListIsRefusedSayingWhy() {
    assertThat(boundary.refusal("169.254.169.254/32"))
        .contains(
            "169.254.169.254/32 lies inside 169.254.0.0/16 (a link-local or cloud metadata"
                + " address), which workers may not reach");
    assertThat(boundary.refusal("10.244.1.0/24")).get().asString().contains("Pod range");
    assertThat(boundary.refusal("10.96.0.0/12")).isPresent();
    assertThat(boundary.refusal("fd00:ec2::254/128")).isPresent();
    assertThat(boundary.refusal("10.20.0.0/16")).isEmpty();
  }

  @Test
  void everyAddressNeedsThePlatformAllowanceAndThenKeepsTheExceptions() {
    assertThat(boundary.refusal("0.0.0.0/0")).get().asString().contains("--egress-allow-any");
    assertThat(boundary.refusal("::/0")).isPresent();

    EgressBoundary allowing = new EgressBoundary(boundary.denied(), true);
    assertThat(allowing.refusal("0.0.0.0/0")).isEmpty();
    assertThat(allowing.exceptions("0.0.0.0/0"))
        .contains("169.254.0.0/16", "10.96.0.0/12", "192.0.2.2/32")
        .doesNotContain("fe80::/10");
    assertThat(allowing.exceptions("::/0")).contains("fe80::/10", "fd00:ec2::254/128");
  }

  @Test
  void theNarrowestEntrySaysWhy() {
    EgressBoundary wide = boundary.with(List.of("fc00::/7"), "the cluster's Pod range");
    assertThat(wide.refusal("fd00:ec2::254/128"))
        .get()
        .asString()
        .contains("inside fd00:ec2::254/128 (a link-local or cloud metadata address)");
    assertThat(wide.exceptions("::/0")).contains("fc00::/7").doesNotContain("fd00:ec2::254/128");
  }

  @Test
  void nestedAndRepeatedEntriesAreKeptOnce() {
    EgressBoundary nested =
        EgressBoundary.builder()
            .deny(List.of("10.0.0.0/8", "10.96.0.0/12", "10.0.0.0/8"), "x")
            .build(true);
    assertThat(nested.exceptions("0.0.0.0/0")).containsExactly("10.0.0.0/8");
  }
}
