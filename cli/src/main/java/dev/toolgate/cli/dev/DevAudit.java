package dev.toolgate.cli.dev;

import dev.toolgate.gateway.GatewayOptions;
import dev.toolgate.gateway.audit.AuditOptions;
import dev.toolgate.gateway.audit.AuditStore;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code toolgate dev} keeps the audit log: the options the dev gateway gets for it and the
 * lines the ready summary prints about it (the replay page's link is the summary's own).
 */
public interface DevAudit {

  GatewayOptions configure(GatewayOptions options);

  List<String> summary(String gatewayBaseUrl);

  /**
   * The embedded store (H2) and its spool in {@code workDir/audit}, and no JSON lines on standard
   * output, which is the launcher's console.
   */
  static DevAudit embeddedIn(Path workDir) {
    Path dir = workDir.resolve("audit");
    return new DevAudit() {
      @Override
      public GatewayOptions configure(GatewayOptions options) {
        return options.withAudit(
            a -> a.withStdout(false).withStore(AuditOptions.Store.EMBEDDED).withDir(dir));
      }

      @Override
      public List<String> summary(String gatewayBaseUrl) {
        return List.of(
            "Audit: every tools/call in the embedded store "
                + storeUrl(workDir)
                + " (SQLite, table toolgate_calls)");
      }
    };
  }

  /** The JDBC URL of the embedded audit store of a dev work directory. */
  static String storeUrl(Path workDir) {
    return AuditStore.embeddedUrl(workDir.resolve("audit"));
  }
}
