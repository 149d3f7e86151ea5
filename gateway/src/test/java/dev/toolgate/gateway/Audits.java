package dev.toolgate.gateway;

import dev.toolgate.gateway.audit.AuditOptions;

/**
 * The audit settings of the tests' gateways: calls are still recorded through the seam, but no
 * store is kept and no lines are printed (many gateways share one JVM and one temp directory); the
 * audit tests configure their own.
 */
final class Audits {

  private Audits() {}

  static AuditOptions quiet(AuditOptions options) {
    return options.withStore(AuditOptions.Store.NONE).withStdout(false);
  }
}
