package dev.toolgate.gateway.audit;

import java.nio.file.Path;
import java.time.Clock;

/**
 * A JVM that audits as a gateway does and exits as one stopped with SIGTERM or Ctrl-C does: its
 * shutdown hook closes the audit while the JVM's other hooks (H2's among them) run. Records one
 * call, waits until the store has it (the shipper then pauses), records five more and exits.
 */
public final class AuditAtExit {

  private AuditAtExit() {}

  public static void main(String[] args) throws Exception {
    Audit audit =
        Audit.start(AuditOptions.defaults().withDir(Path.of(args[0])), null, Clock.systemUTC());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    audit.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    long now = System.currentTimeMillis();
    audit.finished(AuditCalls.call("x-0", now, "sess-x", "shop.x"));
    while (audit.stats().stored() < 1) {
      Thread.sleep(10);
    }
    for (int i = 1; i <= 5; i++) {
      audit.finished(AuditCalls.call("x-" + i, now + i, "sess-x", "shop.x"));
    }
    System.exit(0);
  }
}
