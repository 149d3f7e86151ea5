package dev.toolgate.operator.validation;

import java.util.regex.Pattern;

/** CIDR syntax for IPv4 and IPv6 without resolving anything (InetAddress would look up names). */
final class Cidrs {

  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6_GROUP = Pattern.compile("^[0-9a-fA-F]{1,4}$");

  private Cidrs() {}

  static boolean isValid(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0 || slash != cidr.lastIndexOf('/')) {
      return false;
    }
    String address = cidr.substring(0, slash);
    String bits = cidr.substring(slash + 1);
    if (!bits.matches("\\d{1,3}")) {
      return false;
    }
    int prefix = Integer.parseInt(bits);
    if (IPV4.matcher(address).matches()) {
      return prefix <= 32;
    }
    return isIpv6(address) && prefix <= 128;
  }

  private static boolean isIpv6(String address) {
    if (!address.contains(":")) {
      return false;
    }
    int doubleColon = address.indexOf("::");
    if (doubleColon >= 0 && doubleColon != address.lastIndexOf("::")) {
      return false;
    }
    String[] groups = address.split(":", -1);
    int filled = 0;
    for (String group : groups) {
      if (group.isEmpty()) {
        continue;
      }
      if (!IPV6_GROUP.matcher(group).matches()) {
        return false;
      }
      filled++;
    }
    return doubleColon >= 0 ? filled < 8 : filled == 8;
  }
}
