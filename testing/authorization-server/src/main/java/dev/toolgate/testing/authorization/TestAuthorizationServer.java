package dev.toolgate.testing.authorization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A real OAuth 2.1 authorization server for tests, on loopback: Spring Authorization Server,
 * configured entirely by arguments (see {@link TestAuthorizationServerProperties} and the module's
 * README). Prints {@value #READY} with its issuer on stdout once it serves requests.
 */
@SpringBootApplication
public class TestAuthorizationServer {

  /** The first word of the line printed once the server is ready. */
  public static final String READY = "AUTHORIZATION_SERVER_READY";

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(TestAuthorizationServer.class);
    application.setDefaultProperties(
        Map.of(
            "server.address", "127.0.0.1",
            "server.port", "0",
            "spring.main.banner-mode", "off",
            "logging.level.root", "WARN"));
    application.addListeners(new PortAndIssuer());
    application.run(args);
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> readyLine(
      TestAuthorizationServerProperties properties) {
    return event -> {
      String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
      System.out.println(READY + " issuer=" + properties.issuer() + " port=" + port);
      System.out.flush();
    };
  }

  /**
   * Port 0 means a free port, chosen here rather than by the web server because the issuer, which
   * names the port, is fixed before the server starts; the issuer defaults to that address.
   */
  static final class PortAndIssuer
      implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
      ConfigurableEnvironment environment = event.getEnvironment();
      String address = environment.getProperty("server.address", "127.0.0.1");
      int port = environment.getProperty("server.port", Integer.class, 0);
      Map<String, Object> resolved = new HashMap<>();
      if (port == 0) {
        port = freePort(address);
        resolved.put("server.port", port);
      }
      String issuer = environment.getProperty("as.issuer");
      if (issuer == null || issuer.isBlank()) {
        resolved.put("as.issuer", "http://" + address + ":" + port);
      }
      environment.getPropertySources().addFirst(new MapPropertySource("resolved", resolved));
    }

    private static int freePort(String address) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on " + address, e);
      }
    }
  }
}
