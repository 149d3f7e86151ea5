package dev.toolgate.cli.dev;

import dev.toolgate.gateway.GatewayOptions;
import java.util.List;

/**
 * Where {@code toolgate dev} plugs in the embedded audit store and the replay page (issue 13, being
 * built): the options the dev gateway needs for them and the lines the ready summary prints. Until
 * they exist this is {@link #NOT_BUILT}, which changes nothing and says so.
 */
public interface DevAudit {

  GatewayOptions configure(GatewayOptions options);

  List<String> summary(String gatewayBaseUrl);

  DevAudit NOT_BUILT =
      new DevAudit() {
        @Override
        public GatewayOptions configure(GatewayOptions options) {
          return options;
        }

        @Override
        public List<String> summary(String gatewayBaseUrl) {
          return List.of("Audit store, replay page: not built yet (issue 13); hook: DevAudit");
        }
      };
}
