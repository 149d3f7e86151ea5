/**
 * Pure builders of the Kubernetes objects Toolgate owns: each takes an McpTool (or the compiled
 * gateway config) and settings and returns the desired object, with only the fields we own set.
 * Nothing here talks to a cluster or knows about JOSDK; {@code ModelPurityTest} keeps it that way.
 */
package dev.toolgate.operator.model;
