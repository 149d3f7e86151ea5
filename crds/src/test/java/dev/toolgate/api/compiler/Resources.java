package dev.toolgate.api.compiler;

import dev.toolgate.api.v1alpha1.CachePolicy;
import dev.toolgate.api.v1alpha1.McpScope;
import dev.toolgate.api.v1alpha1.McpScopeSpec;
import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.api.v1alpha1.McpToolSpec;
import dev.toolgate.api.v1alpha1.RateLimit;
import dev.toolgate.api.v1alpha1.RemoteServer;
import dev.toolgate.api.v1alpha1.ToolPolicy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** Small builders for the resources the compiler tests feed in. */
final class Resources {

  private Resources() {}

  static McpTool worker(String namespace, String name, ToolPolicy... tools) {
    McpToolSpec spec = new McpToolSpec();
    spec.setImage("registry.example/" + name + ":1.0");
    spec.setTools(new ArrayList<>(List.of(tools)));
    return tool(namespace, name, spec);
  }

  static McpTool remote(String namespace, String name, String url, ToolPolicy... tools) {
    McpToolSpec spec = new McpToolSpec();
    RemoteServer remote = new RemoteServer();
    remote.setUrl(url);
    spec.setRemote(remote);
    spec.setTools(new ArrayList<>(List.of(tools)));
    return tool(namespace, name, spec);
  }

  static McpTool tool(String namespace, String name, McpToolSpec spec) {
    McpTool tool = new McpTool();
    tool.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    tool.setSpec(spec);
    return tool;
  }

  /** Sets the creationTimestamp the API server would have set. */
  static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T created(T resource, String at) {
    resource.getMetadata().setCreationTimestamp(at);
    return resource;
  }

  static ToolPolicy policy(String name) {
    ToolPolicy policy = new ToolPolicy();
    policy.setName(name);
    return policy;
  }

  static ToolPolicy cached(String name, String ttl, boolean idempotent) {
    ToolPolicy policy = policy(name);
    CachePolicy cache = new CachePolicy();
    cache.setTtl(ttl);
    policy.setCache(cache);
    policy.setIdempotent(idempotent);
    return policy;
  }

  static ToolPolicy limited(String name, Integer requests, String period) {
    ToolPolicy policy = policy(name);
    RateLimit limit = new RateLimit();
    limit.setRequests(requests);
    limit.setPeriod(period);
    policy.setRateLimit(limit);
    return policy;
  }

  static McpScope scope(String namespace, String name, String scope, String... tools) {
    McpScopeSpec spec = new McpScopeSpec();
    spec.setScope(scope);
    spec.setTools(new ArrayList<>(List.of(tools)));
    McpScope resource = new McpScope();
    resource.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    resource.setSpec(spec);
    return resource;
  }
}
