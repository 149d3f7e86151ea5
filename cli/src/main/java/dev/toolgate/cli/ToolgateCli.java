package dev.toolgate.cli;

import java.util.Arrays;
import java.util.List;

/** {@code toolgate}: dev, render, validate. Help for each is made from its flags. */
public final class ToolgateCli {

  static final List<Command> COMMANDS =
      List.of(DevCommand.COMMAND, RenderCommand.COMMAND, ValidateCommand.COMMAND);

  private ToolgateCli() {}

  public static void main(String[] args) {
    int code = run(args);
    // `dev` returns 0 only once its shutdown hook has stopped everything: the JVM is exiting.
    if (code != 0 || !(args.length > 0 && args[0].equals("dev"))) {
      System.exit(code);
    }
  }

  /** Runs one command line and returns its exit code (the launcher's main exits with it). */
  public static int run(String[] args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      System.out.print(help());
      return args.length == 0 ? 2 : 0;
    }
    Command command =
        COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
    if (command == null) {
      System.err.println("toolgate: unknown command " + args[0] + "\n");
      System.err.print(help());
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
      System.out.print(command.help());
      return 0;
    }
    Args parsed;
    try {
      parsed = Args.parse(command.flags(), rest, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("toolgate " + command.name() + ": " + e.getMessage() + "\n");
      System.err.print(command.help());
      return 2;
    }
    try {
      return command.action().run(parsed);
    } catch (IllegalArgumentException e) {
      System.err.println("toolgate " + command.name() + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("toolgate " + command.name() + ": " + e);
      return 1;
    }
  }

  static String help() {
    StringBuilder text = new StringBuilder("usage: toolgate <command> [flags]\n\ncommands:\n");
    for (Command c : COMMANDS) {
      text.append(String.format("  %-10s %s%n", c.name(), c.summary()));
    }
    return text.append("\n`toolgate <command> --help` lists a command's flags.\n").toString();
  }
}
