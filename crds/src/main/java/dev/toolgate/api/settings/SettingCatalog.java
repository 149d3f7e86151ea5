package dev.toolgate.api.settings;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one program, in the order {@code --help} lists them. Reads flags ({@code --name
 * value} or {@code --name=value}) and environment variables; a flag wins over its variable, a
 * variable over the default. An empty value counts as not given, as an unset optional in a
 * Kubernetes manifest renders. Unknown flags are errors, so a typo never runs with a default.
 */
public final class SettingCatalog {

  private final String program;
  private final List<Setting<?>> settings;
  private final Map<String, Setting<?>> byName = new LinkedHashMap<>();

  public SettingCatalog(String program, List<Setting<?>> settings) {
    this.program = program;
    this.settings = List.copyOf(settings);
    Set<String> variables = new HashSet<>();
    for (Setting<?> setting : this.settings) {
      if (byName.put(setting.name(), setting) != null) {
        throw new IllegalArgumentException("setting " + setting.flag() + " is declared twice");
      }
      if (!variables.add(setting.env())) {
        throw new IllegalArgumentException("variable " + setting.env() + " is declared twice");
      }
    }
  }

  public String program() {
    return program;
  }

  public List<Setting<?>> settings() {
    return settings;
  }

  /** Every default, nothing given. */
  public SettingValues defaults() {
    return new SettingValues(this, Map.of());
  }

  /**
   * Reads the flags and the environment.
   *
   * @throws IllegalArgumentException naming the flag (and the variable it came from) and what it
   *     expects, or the unknown flag
   */
  public SettingValues parse(String[] args, Map<String, String> env) {
    Map<String, String> texts = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (Setting<?> setting : settings) {
      String value = env.get(setting.env());
      String origin = setting.env();
      if (blank(value) && setting.fallbackEnv() != null) {
        value = env.get(setting.fallbackEnv());
        origin = setting.fallbackEnv();
      }
      if (!blank(value)) {
        texts.put(setting.name(), value.trim());
        origins.put(setting.name(), origin);
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + arg + "'; flags are --name value or --name=value");
      }
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
      Setting<?> setting = byName.get(name);
      if (setting == null) {
        throw new IllegalArgumentException("unknown flag --" + name + " (see --help)");
      }
      String value;
      if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (setting.isSwitch() && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
        value = "true";
      } else if (i + 1 >= args.length) {
        throw new IllegalArgumentException("flag --" + name + " needs a value");
      } else {
        value = args[++i];
      }
      if (!blank(value)) {
        texts.put(name, value.trim());
        origins.put(name, null);
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    texts.forEach(
        (name, text) -> values.put(name, read(byName.get(name), text, origins.get(name))));
    return new SettingValues(this, values);
  }

  /** The {@code --help} text: each flag, its variable, what it takes, its default and its job. */
  public String help() {
    StringBuilder text =
        new StringBuilder("usage: " + program + " [--flag value | --flag=value ...]\n");
    for (Setting<?> s : settings) {
      text.append("  ").append(s.flag()).append("  (").append(s.env());
      if (s.fallbackEnv() != null) {
        text.append(", else ").append(s.fallbackEnv());
      }
      text.append(")  ").append(s.type().expected());
      if (s.isSwitch()) {
        text.append("; alone: true");
      }
      String shown = s.defaultText();
      text.append(shown == null ? "" : "; default " + (shown.isEmpty() ? "none" : shown));
      text.append('\n');
      text.append("      ").append(s.description()).append('\n');
    }
    return text.toString();
  }

  /**
   * The settings of {@code group} as a Markdown table (flag / variable, default, value, what it
   * does), as the READMEs carry it.
   */
  public String markdownTable(String group) {
    StringBuilder table =
        new StringBuilder(
            "| flag / variable | default | value | what it does |\n| --- | --- | --- | --- |\n");
    for (Setting<?> s : settings) {
      if (!s.group().equals(group)) {
        continue;
      }
      String variables =
          "`" + s.env() + "`" + (s.fallbackEnv() == null ? "" : ", `" + s.fallbackEnv() + "`");
      String shown = s.defaultText();
      table
          .append("| `")
          .append(s.flag())
          .append("` / ")
          .append(variables)
          .append(" | ")
          .append(
              shown == null || shown.isEmpty()
                  ? "(none)"
                  : s.defaultShown() != null ? cell(shown) : "`" + cell(shown) + "`")
          .append(" | ")
          .append(cell(s.type().expected()) + (s.isSwitch() ? "; the flag alone: true" : ""))
          .append(" | ")
          .append(cell(s.description()))
          .append(" |\n");
    }
    return table.toString();
  }

  /** The groups settings are listed in, in order of first use. */
  public List<String> groups() {
    return settings.stream().map(Setting::group).distinct().toList();
  }

  void requireKnown(Setting<?> setting) {
    if (byName.get(setting.name()) != setting) {
      throw new IllegalArgumentException(setting.flag() + " is not a setting of " + program);
    }
  }

  private static Object read(Setting<?> setting, String text, String variable) {
    try {
      return setting.type().parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          setting.flag()
              + " expects "
              + setting.type().expected()
              + ", got '"
              + text
              + "'"
              + (variable == null ? "" : " (from " + variable + ")"),
          e);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
