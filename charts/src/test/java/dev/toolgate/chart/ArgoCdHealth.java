package dev.toolgate.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs examples/argocd/health.lua the way Argo CD does (the resource as the global {@code obj}, the
 * script's returned table read back), on Debian's Lua 5.1 interpreter: Argo CD embeds gopher-lua, a
 * Lua 5.1 implementation.
 */
final class ArgoCdHealth {

  static final Path SCRIPT = Chart.REPO.resolve("examples/argocd/health.lua");
  static final String LUA = "lua5.1";

  record Verdict(String status, String message) {}

  private ArgoCdHealth() {}

  static Verdict of(Map<String, Object> resource) {
    try {
      Path program = Files.createTempFile("health", ".lua");
      try {
        Files.writeString(
            program,
            "obj = "
                + literal(resource)
                + "\nlocal hs = (function()\n"
                + Files.readString(SCRIPT)
                + "\nend)()\nio.write(hs.status, \"\\n\", hs.message or \"\")\n");
        Process lua = new ProcessBuilder(LUA, program.toString()).redirectErrorStream(true).start();
        String out = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!lua.waitFor(10, TimeUnit.SECONDS) || lua.exitValue() != 0) {
          throw new IllegalStateException("lua5.1 failed: " + out);
        }
        int newline = out.indexOf('\n');
        return new Verdict(out.substring(0, newline), out.substring(newline + 1));
      } finally {
        Files.deleteIfExists(program);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "running " + LUA + " (Debian package lua5.1, installed by .ci/run)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON-like value as a Lua table constructor, as Argo CD converts resources. */
  static String literal(Object value) {
    if (value == null) {
      return "nil";
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      map.forEach(
          (k, v) ->
              out.append("[")
                  .append(string(k.toString()))
                  .append("]=")
                  .append(literal(v))
                  .append(","));
      return out.append("}").toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("{");
      list.forEach(v -> out.append(literal(v)).append(","));
      return out.append("}").toString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return string(value.toString());
  }

  private static String string(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\%03d", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append("\"").toString();
  }
}
