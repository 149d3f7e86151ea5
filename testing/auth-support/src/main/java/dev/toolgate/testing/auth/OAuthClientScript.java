package dev.toolgate.testing.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The official MCP TypeScript SDK's OAuth client flow ({@code scripts/oauth-client/client.mjs} on
 * Node 22) against one MCP endpoint: from the first 401 through protected-resource metadata,
 * authorization-server metadata, authorization code with PKCE (the script logs the user in on the
 * server's form) or client credentials, to listing and calling tools. The result is the script's
 * JSON line.
 *
 * <pre>{@code
 * OAuthClientScript.Result result =
 *     OAuthClientScript.authorizationCode(mcpUrl, as.issuer(), "desktop", "alice", "password")
 *         .call("billing.get_invoice", "{\"id\":\"42\"}")
 *         .run();
 * assertThat(result.tools()).containsExactly("billing.get_invoice");
 * }</pre>
 */
public final class OAuthClientScript {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Tools tools;

  private final List<String> arguments = new ArrayList<>();
  private Duration timeout = Duration.ofSeconds(60);

  private OAuthClientScript(String mode, URI mcpUrl, URI issuer, String clientId) {
    arguments.addAll(
        List.of(
            "--mode",
            mode,
            "--url",
            mcpUrl.toString(),
            "--issuer",
            issuer.toString(),
            "--client-id",
            clientId));
  }

  /** A pre-registered public client; the user logs in on the authorization server's form. */
  public static OAuthClientScript authorizationCode(
      URI mcpUrl, URI issuer, String clientId, String username, String password) {
    OAuthClientScript script =
        new OAuthClientScript("authorization_code", mcpUrl, issuer, clientId);
    script.arguments.addAll(List.of("--username", username, "--password", password));
    return script;
  }

  /** Agent to agent: the SDK's {@code ClientCredentialsProvider} (client_secret_basic). */
  public static OAuthClientScript clientCredentials(
      URI mcpUrl, URI issuer, String clientId, String secret) {
    OAuthClientScript script =
        new OAuthClientScript("client_credentials", mcpUrl, issuer, clientId);
    script.arguments.addAll(List.of("--client-secret", secret));
    return script;
  }

  /** For the authorization code flow: the registered redirect URI (default 127.0.0.1/callback). */
  public OAuthClientScript redirectUri(String redirectUri) {
    arguments.addAll(List.of("--redirect-uri", redirectUri));
    return this;
  }

  /** For the authorization code flow: a confidential client's secret. */
  public OAuthClientScript clientSecret(String secret) {
    arguments.addAll(List.of("--client-secret", secret));
    return this;
  }

  /**
   * The scope the client asks for: for client credentials the request's scope; for the
   * authorization code flow only a fallback, since the SDK asks for the 401's scope or else the
   * resource's {@code scopes_supported}.
   */
  public OAuthClientScript scope(String scope) {
    arguments.addAll(List.of("--scope", scope));
    return this;
  }

  /** Calls a tool without arguments, after listing. */
  public OAuthClientScript call(String tool) {
    arguments.addAll(List.of("--call", tool));
    return this;
  }

  /** Calls a tool with arguments given as a JSON object. */
  public OAuthClientScript call(String tool, String argumentsJson) {
    arguments.addAll(List.of("--call", tool + "=" + argumentsJson));
    return this;
  }

  /** How long the whole flow may take; default 60 seconds. */
  public OAuthClientScript timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Runs the flow and returns its report. */
  public Result run() throws IOException, InterruptedException {
    Tools installed = tools();
    List<String> command = new ArrayList<>();
    command.add(installed.node().toString());
    command.add(installed.client().toString());
    command.addAll(arguments);
    command.addAll(List.of("--timeout-ms", String.valueOf(timeout.toMillis())));
    Process process = new ProcessBuilder(command).start();
    CompletableFuture<String> stdout = readAll(process.getInputStream());
    CompletableFuture<String> stderr = readAll(process.getErrorStream());
    if (!process.waitFor(timeout.toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the OAuth client script did not end within " + timeout);
    }
    String out = stdout.join();
    String err = stderr.join();
    String line = null;
    for (String candidate : out.split("\n")) {
      if (candidate.startsWith("{")) {
        line = candidate;
      }
    }
    if (line == null) {
      throw new IllegalStateException(
          "the OAuth client script (exit "
              + process.exitValue()
              + ") printed no JSON line; stdout:\n"
              + out
              + "\nstderr:\n"
              + err);
    }
    return new Result(process.exitValue(), JSON.readTree(line), err);
  }

  private static CompletableFuture<String> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }

  /**
   * Node 22 and the scripts with the SDK next to them, installed once per machine by {@code
   * scripts/oauth-client-tools.sh} from its lock file (seconds when cached).
   */
  public static synchronized Tools tools() throws IOException, InterruptedException {
    if (tools != null) {
      return tools;
    }
    Path script = Checkout.root().resolve("scripts/oauth-client-tools.sh");
    Process install =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
      throw new IllegalStateException(script + " failed (it needs npm); output:\n" + output);
    }
    Map<String, String> found = new TreeMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        found.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    for (String key : List.of("node", "client", "standin")) {
      if (!found.containsKey(key)) {
        throw new IllegalStateException(script + " printed no " + key + "= line:\n" + output);
      }
    }
    tools =
        new Tools(
            Path.of(found.get("node")),
            Path.of(found.get("client")),
            Path.of(found.get("standin")));
    return tools;
  }

  /**
   * The installed tools.
   *
   * @param node the Node 22 binary
   * @param client {@code client.mjs}
   * @param standin {@code standin-server.mjs}, a protected MCP server on the same SDK
   */
  public record Tools(Path node, Path client, Path standin) {}

  /**
   * What the script reported.
   *
   * @param exitCode 0 when it connected and listed tools, 1 when the flow failed
   * @param json its JSON line (see {@code scripts/oauth-client/client.mjs})
   * @param stderr what it printed on stderr
   */
  public record Result(int exitCode, JsonNode json, String stderr) {

    /** Connected and listed tools. */
    public boolean ok() {
      return json.path("ok").asBoolean(false);
    }

    /** Why the flow failed, or null. */
    public String error() {
      return json.hasNonNull("error") ? json.get("error").asText() : null;
    }

    /** The names {@code tools/list} gave. */
    public List<String> tools() {
      List<String> names = new ArrayList<>();
      json.path("tools").forEach(name -> names.add(name.asText()));
      return names;
    }

    /**
     * The report of the first call of {@code tool}: {@code ok}, {@code isError}, {@code content} or
     * {@code error} and {@code status}.
     */
    public JsonNode call(String tool) {
      for (JsonNode call : json.path("calls")) {
        if (tool.equals(call.path("name").asText())) {
          return call;
        }
      }
      throw new IllegalArgumentException("no call of " + tool + " in " + json);
    }

    /** The claims of the last access token the client got (unverified), or a missing node. */
    public JsonNode tokenClaims() {
      return json.path("token").path("claims");
    }

    /**
     * The HTTP exchanges in order as {@code step status}, e.g. {@code mcp 401}, {@code
     * protected_resource_metadata 200}, {@code authorization_server_metadata 200}, {@code authorize
     * 302}, {@code login_page 200}, {@code login 302}, {@code token 200}.
     */
    public List<String> steps() {
      List<String> steps = new ArrayList<>();
      json.path("steps")
          .forEach(
              step -> steps.add(step.path("step").asText() + " " + step.path("status").asText()));
      return steps;
    }
  }
}
