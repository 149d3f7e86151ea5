/**
 * One typed settings model for the operator and the gateway: each setting is declared once with its
 * flag, environment variable, type, default and description ({@link
 * dev.toolgate.api.settings.Setting}); parsing, {@code --help} and the READMEs' settings tables all
 * come from that declaration, so no default is written twice. Plain Java, no Kubernetes.
 */
package dev.toolgate.api.settings;
