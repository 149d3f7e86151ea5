package dev.toolgate.api.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings tables in a README, between {@code <!-- settings-table: GROUP -->} and {@code <!--
 * end settings-table -->}: generated from a {@link SettingCatalog}, so the docs cannot drift from
 * the code. Each module's tests compare the committed README with {@link #regenerate}.
 */
public final class ReadmeTables {

  private static final Pattern TABLE =
      Pattern.compile(
          "(<!-- settings-table: ([a-z0-9-]+) -->\\n)(.*?)(<!-- end settings-table -->)",
          Pattern.DOTALL);

  private ReadmeTables() {}

  /**
   * The README with every marked table written anew from {@code catalog}.
   *
   * @throws IllegalArgumentException when a marker names a group no setting is in
   */
  public static String regenerate(String readme, SettingCatalog catalog) {
    Matcher m = TABLE.matcher(readme);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String group = m.group(2);
      if (!catalog.groups().contains(group)) {
        throw new IllegalArgumentException(
            "the README marks a settings table '"
                + group
                + "', but "
                + catalog.program()
                + " has no settings in that group; groups: "
                + catalog.groups());
      }
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              m.group(1) + "\n" + catalog.markdownTable(group) + "\n" + m.group(4)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The groups the README has a table of, in order. */
  public static List<String> groupsIn(String readme) {
    Matcher m = TABLE.matcher(readme);
    List<String> groups = new ArrayList<>();
    while (m.find()) {
      groups.add(m.group(2));
    }
    return groups;
  }

  /** Where a committed README and the regenerated one first differ, for a test's message. */
  public static String firstDifference(String committed, String generated) {
    String[] a = committed.split("\n", -1);
    String[] b = generated.split("\n", -1);
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (!a[i].equals(b[i])) {
        return "line " + (i + 1) + ": committed '" + a[i] + "', generated '" + b[i] + "'";
      }
    }
    return "line " + (Math.min(a.length, b.length) + 1);
  }
}
