package dev.toolgate.cli;

import java.util.List;

/**
 * A subcommand: its name, a one-line summary, its flags and what it runs. The return value is the
 * process's exit code.
 */
public record Command(String name, String summary, List<Flag> flags, Action action) {

  /** What a command does with its parsed flags. */
  @FunctionalInterface
  public interface Action {
    int run(Args args) throws Exception;
  }

  /** The command's help, generated from its flags. */
  public String help() {
    StringBuilder text =
        new StringBuilder("usage: toolgate " + name + " [flags]\n\n" + summary + "\n\nflags:\n");
    for (Flag flag : flags) {
      text.append(String.format("  %-24s %s", flag.usage(), flag.description()));
      if (flag.env() != null) {
        text.append(" [$").append(flag.env()).append(']');
      }
      if (flag.defaultValue() != null) {
        text.append(" (default ").append(flag.defaultValue()).append(')');
      }
      text.append('\n');
    }
    return text.append(String.format("  %-24s %s%n", "-h, --help", "this help")).toString();
  }
}
