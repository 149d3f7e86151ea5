package dev.toolgate.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One gateway installation: its settings in spec; in status what the operator compiled for it and,
 * under {@code status.gateway}, what the gateway itself reports about loading it.
 */
@Group(McpTool.GROUP)
@Version(McpTool.VERSION)
@ShortNames("mcpg")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ConfigLoaded",
    jsonPath = ".status.gateway.conditions[?(@.type==\"ConfigLoaded\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Tools",
    jsonPath = ".status.routedTools",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Config",
    jsonPath = ".status.configHash",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Loaded",
    jsonPath = ".status.gateway.loadedConfigHash",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class McpGateway extends CustomResource<McpGatewaySpec, McpGatewayStatus>
    implements Namespaced {}
