package dev.toolgate.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An OAuth scope string, the exact tools it grants, and who may use it. */
@Group(McpTool.GROUP)
@Version(McpTool.VERSION)
@ShortNames("mcps")
@AdditionalPrinterColumn(
    name = "Scope",
    jsonPath = ".spec.scope",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class McpScope extends CustomResource<McpScopeSpec, McpScopeStatus> implements Namespaced {}
