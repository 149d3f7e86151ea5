package dev.toolgate.cli.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev override file ({@code toolgate-dev.yaml}): how {@code toolgate dev} runs each McpTool on
 * this machine, since it has no cluster to run images in. Each entry maps an McpTool ({@code
 * <namespace>/<name>}) to a local command (started, health-checked and stopped by {@code toolgate
 * dev}) or to a URL (a server already running). McpTools without an entry are not routed in dev.
 * The operator never reads this file.
 *
 * <p>Commands may use {@code ${port}} (a free port picked for the worker), {@code ${dir}} (the
 * directory of this file), {@code ${java}} and {@code ${classpath}} (the launcher's own Java and
 * classpath, which holds the Java example workers) and {@code ${env:NAME}}.
 */
public record DevOverrides(Path file, Map<String, Override> byTool) {

  /**
   * One McpTool's local stand-in.
   *
   * @param mcpTool {@code <namespace>/<name>}
   * @param command the command line, before variables are expanded; empty with {@code url}
   * @param url a server to route to instead of a command; {@code null} with {@code command}
   * @param path the MCP path of the local command's server (default: the McpTool's {@code
   *     spec.path}, else {@code /mcp})
   */
  public record Override(String mcpTool, List<String> command, String url, String path) {

    public boolean runsCommand() {
      return url == null;
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-zA-Z:_][a-zA-Z0-9:_]*)}");

  public static DevOverrides none() {
    return new DevOverrides(null, Map.of());
  }

  /**
   * @throws IllegalArgumentException naming the file and entry that are wrong
   */
  public static DevOverrides load(Path file) throws IOException {
    Map<?, ?> root;
    try {
      root = YAML.readValue(Files.readString(file), Map.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not YAML: " + e.getMessage());
    }
    if (root == null || !(root.get("workers") instanceof List<?> workers)) {
      throw new IllegalArgumentException(file + ": expected a list under 'workers'");
    }
    Map<String, Override> byTool = new LinkedHashMap<>();
    for (int i = 0; i < workers.size(); i++) {
      String where = file + ": workers[" + i + "]";
      if (!(workers.get(i) instanceof Map<?, ?> entry)
          || !(entry.get("mcptool") instanceof String tool)
          || !tool.matches("[a-z0-9-]+/[a-z0-9.-]+")) {
        throw new IllegalArgumentException(where + ": needs mcptool: <namespace>/<name>");
      }
      List<String> command = new ArrayList<>();
      if (entry.get("command") instanceof List<?> parts) {
        parts.forEach(p -> command.add(String.valueOf(p)));
      }
      String url = entry.get("url") instanceof String u ? u : null;
      if (command.isEmpty() == (url == null)) {
        throw new IllegalArgumentException(
            where + " (" + tool + "): give exactly one of command or url");
      }
      String path = entry.get("path") instanceof String p ? p : null;
      if (byTool.put(tool, new Override(tool, List.copyOf(command), url, path)) != null) {
        throw new IllegalArgumentException(where + ": " + tool + " is listed twice");
      }
    }
    return new DevOverrides(file, byTool);
  }

  /** Finds {@code toolgate-dev.yaml} under a directory (the first in path order), if any. */
  public static DevOverrides find(Path directory) throws IOException {
    try (var walk = Files.walk(directory)) {
      List<Path> found =
          walk.filter(p -> p.getFileName().toString().equals(FILE_NAME)).sorted().toList();
      return found.isEmpty() ? none() : load(found.get(0));
    }
  }

  public static final String FILE_NAME = "toolgate-dev.yaml";

  /** The command with {@code ${...}} replaced; an unknown variable is an error, not empty. */
  public static List<String> expand(List<String> command, UnaryOperator<String> variables) {
    List<String> out = new ArrayList<>();
    for (String part : command) {
      Matcher m = VARIABLE.matcher(part);
      StringBuilder text = new StringBuilder();
      while (m.find()) {
        String value = variables.apply(m.group(1));
        if (value == null) {
          throw new IllegalArgumentException("unknown variable ${" + m.group(1) + "} in " + part);
        }
        m.appendReplacement(text, Matcher.quoteReplacement(value));
      }
      m.appendTail(text);
      out.add(text.toString());
    }
    return out;
  }
}
