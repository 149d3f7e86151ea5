package dev.toolgate.api.config;

import java.util.Arrays;

/**
 * A CIDR block for comparing ranges (does one hold another), parsed without name lookups. A single
 * address is a block of full length.
 */
public final class CidrBlock {

  private final IpAddresses.Range range;

  private CidrBlock(IpAddresses.Range range) {
    this.range = range;
  }

  /**
   * @throws IllegalArgumentException when {@code text} is neither a CIDR nor an address
   */
  public static CidrBlock parse(String text) {
    return new CidrBlock(IpAddresses.range(text));
  }

  public boolean isIpv4() {
    return range.network().length == 4;
  }

  public int bits() {
    return range.bits();
  }

  /** The whole address family: {@code 0.0.0.0/0} or {@code ::/0}. */
  public boolean isEverything() {
    return range.bits() == 0;
  }

  /** {@code true} when every address of {@code other} is in this block (so also when equal). */
  public boolean contains(CidrBlock other) {
    return isIpv4() == other.isIpv4()
        && bits() <= other.bits()
        && range.contains(other.range.network());
  }

  /** As written, with the prefix length, e.g. {@code 169.254.0.0/16} or {@code 10.0.0.1/32}. */
  @Override
  public String toString() {
    return range.text().contains("/")
        ? range.text()
        : range.text() + "/" + range.network().length * 8;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CidrBlock c
        && c.bits() == bits()
        && Arrays.equals(c.range.network(), range.network());
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(range.network()) + bits();
  }
}
