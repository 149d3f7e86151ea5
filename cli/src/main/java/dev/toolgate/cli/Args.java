package dev.toolgate.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A command's flags as given, over the environment, over the defaults. */
public final class Args {

  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  /**
   * @throws IllegalArgumentException naming an unknown flag or a missing value
   */
  public static Args parse(List<Flag> flags, String[] args, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    for (Flag flag : flags) {
      String fromEnv = flag.env() == null ? null : env.get(flag.env());
      String value = fromEnv != null ? fromEnv : flag.defaultValue();
      if (value != null) {
        values.put(flag.name(), value);
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        inline = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      Flag flag = find(flags, arg);
      if (flag.isSwitch()) {
        values.put(flag.name(), inline == null ? "true" : inline);
        continue;
      }
      if (inline == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value (" + flag.value() + ")");
        }
        inline = args[++i];
      }
      values.put(flag.name(), inline);
    }
    return new Args(values);
  }

  private static Flag find(List<Flag> flags, String arg) {
    for (Flag flag : flags) {
      if (flag.name().equals(arg) || arg.equals(flag.shortName())) {
        return flag;
      }
    }
    throw new IllegalArgumentException("unknown flag " + arg);
  }

  public String get(String name) {
    return values.get(name);
  }

  public boolean isOn(String name) {
    return Boolean.parseBoolean(values.get(name));
  }

  public Path path(String name) {
    String value = values.get(name);
    return value == null ? null : Path.of(value);
  }

  /**
   * @throws IllegalArgumentException when the value is not a port number
   */
  public int port(String name) {
    try {
      int port = Integer.parseInt(values.get(name).trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + " expects a port number, got " + values.get(name));
    }
  }
}
