package dev.toolgate.operator.model;

import dev.toolgate.api.config.CidrBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform's limits on a worker's CIDR egress: ranges no McpTool may reach (link-local and
 * metadata addresses, the API server, the cluster's Service and Pod ranges), written as {@code
 * except} blocks into every wider rule, and whether a rule may open a whole address family.
 *
 * @param denied the deny list, each entry with why it is there
 * @param allowEverything whether {@code 0.0.0.0/0} and {@code ::/0} are accepted (still with the
 *     deny list as exceptions)
 */
public record EgressBoundary(List<Denied> denied, boolean allowEverything) {

  /** Link-local (which holds most clouds' metadata service) and the other metadata addresses. */
  public static final List<String> DEFAULT_DENY =
      List.of(
          "169.254.0.0/16",
          "fe80::/10",
          "fd00:ec2::254/128",
          "100.100.100.200/32",
          "168.63.129.16/32");

  /** One deny list entry. */
  public record Denied(CidrBlock block, String why) {}

  public EgressBoundary {
    denied = List.copyOf(denied);
  }

  /** The default deny list alone, for settings that know nothing of the cluster. */
  public static EgressBoundary defaults() {
    return builder().deny(DEFAULT_DENY, "a link-local or cloud metadata address").build(false);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects deny list entries from several settings. */
  public static final class Builder {
    private final List<Denied> denied = new ArrayList<>();

    /**
     * @throws IllegalArgumentException naming the entry that is not a CIDR
     */
    public Builder deny(List<String> cidrs, String why) {
      for (String cidr : cidrs) {
        denied.add(new Denied(CidrBlock.parse(cidr), why));
      }
      return this;
    }

    public EgressBoundary build(boolean allowEverything) {
      return new EgressBoundary(denied, allowEverything);
    }
  }

  /** This boundary with more denied ranges, such as the API server's addresses found at startup. */
  public EgressBoundary with(List<String> cidrs, String why) {
    Builder builder = builder();
    builder.denied.addAll(denied);
    return builder.deny(cidrs, why).build(allowEverything);
  }

  /**
   * Why a rule to {@code cidr} is refused: it lies inside the deny list, or opens a whole address
   * family without the platform's allowance. Empty when the rule may stand.
   */
  public Optional<String> refusal(String cidr) {
    CidrBlock block = CidrBlock.parse(cidr);
    if (block.isEverything() && !allowEverything) {
      return Optional.of(
          cidr
              + " opens every address; the platform does not allow that (operator setting"
              + " --egress-allow-any); name the ranges the server needs");
    }
    for (Denied entry : denied) {
      if (entry.block().contains(block)) {
        return Optional.of(
            cidr
                + " lies inside "
                + entry.block()
                + " ("
                + entry.why()
                + "), which workers may not reach");
      }
    }
    return Optional.empty();
  }

  /**
   * The deny list entries inside {@code cidr}: the {@code except} list of its NetworkPolicy rule.
   */
  public List<String> exceptions(String cidr) {
    CidrBlock block = CidrBlock.parse(cidr);
    return withoutNested(denied).stream()
        .map(Denied::block)
        .filter(d -> block.contains(d) && !d.equals(block))
        .map(CidrBlock::toString)
        .toList();
  }

  /** Entries inside another entry add nothing; keeping one copy keeps the except lists short. */
  private static List<Denied> withoutNested(List<Denied> entries) {
    List<Denied> kept = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Denied entry = entries.get(i);
      boolean nested = false;
      for (int j = 0; j < entries.size() && !nested; j++) {
        Denied other = entries.get(j);
        nested =
            i != j
                && other.block().contains(entry.block())
                && (!other.block().equals(entry.block()) || j < i);
      }
      if (!nested) {
        kept.add(entry);
      }
    }
    return List.copyOf(kept);
  }
}
