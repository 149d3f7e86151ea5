package dev.toolgate.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.toolgate.api.config.SecretFingerprint;
import dev.toolgate.api.config.SecretFingerprints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Secrets planted where they must never come out: the value of a worker's Secret (known to the
 * gateway only by its fingerprint), a fake AWS access key and a JWT; and every log line the gateway
 * writes meanwhile, to look for them.
 */
final class Canaries implements AutoCloseable {

  final String secret = "sk-canary-" + HexFormat.of().formatHex(random(12));
  final String aws = "AKIACANARY" + HexFormat.of().formatHex(random(5)).toUpperCase();
  final String jwt =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnktdXNlciJ9.c2lnbmF0dXJlLWNhbmFyeS0xMjM0NTY3ODkw";
  final String invoice = "inv_123456";
  final byte[] key = random(32);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  Canaries() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  /** All of them in one text, as a leaky tool would print its environment. */
  String leakedText() {
    return "SHOP_TOKEN=" + secret + " aws=" + aws + " token=" + jwt + " invoice " + invoice;
  }

  List<String> all() {
    return List.of(secret, aws, jwt, invoice);
  }

  List<SecretFingerprint> fingerprints() {
    return List.of(SecretFingerprints.withKey(key).of(secret));
  }

  Path keyFile(Path dir) throws Exception {
    Path file = dir.resolve("redaction.key");
    Files.write(file, key);
    return file;
  }

  /** Every log line written since these canaries were made, formatted, with its stack traces. */
  String logText() {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      text.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        text.append(event.getThrowableProxy().getMessage()).append('\n');
      }
    }
    return text.toString();
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  @Override
  public void close() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }
}
