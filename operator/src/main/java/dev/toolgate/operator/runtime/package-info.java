/** Running the operator: wiring the controllers, the HTTP endpoints for probes and metrics. */
package dev.toolgate.operator.runtime;
