package dev.toolgate.cli;

/**
 * One flag of a subcommand, written once: its names, the value it takes, its default and what it
 * does. Parsing and {@code --help} are both made from these.
 *
 * @param name the long name, e.g. {@code --port}
 * @param shortName a one-letter alias such as {@code -f}, or {@code null}
 * @param value the value's name in help, e.g. {@code DIR}; {@code null} for a switch
 * @param env an environment variable read when the flag is not given, or {@code null}
 * @param defaultValue the default as text, or {@code null}
 * @param description what it does
 */
public record Flag(
    String name,
    String shortName,
    String value,
    String env,
    String defaultValue,
    String description) {

  public boolean isSwitch() {
    return value == null;
  }

  String usage() {
    String names = shortName == null ? name : shortName + ", " + name;
    return value == null ? names : names + " " + value;
  }
}
