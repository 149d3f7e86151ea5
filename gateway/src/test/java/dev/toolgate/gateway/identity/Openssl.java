package dev.toolgate.gateway.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keys written by the real {@code openssl} command line, the way an operator of a cluster makes
 * them, so the tests read the formats the tools write rather than the JDK's own encoding.
 */
public final class Openssl {

  private Openssl() {}

  /** {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256}: PKCS #8. */
  public static String pkcs8P256() {
    return run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
  }

  /** {@code openssl ecparam -name prime256v1 -genkey -noout}: SEC 1, as Helm's genPrivateKey. */
  public static String sec1P256() {
    return run("ecparam", "-name", "prime256v1", "-genkey", "-noout");
  }

  /** {@code openssl ec -no_public}: the same SEC 1 key without its public part. */
  static String withoutPublicPart(String sec1) {
    return runWithInput(sec1, "ec", "-no_public");
  }

  static String p384() {
    return run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384");
  }

  static String rsa() {
    return run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
  }

  private static String run(String... args) {
    return runWithInput(null, args);
  }

  private static String runWithInput(String input, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("openssl", ".pem");
      Path in = Files.createTempFile("openssl", ".in");
      try {
        Files.writeString(in, input == null ? "" : input);
        Process process =
            new ProcessBuilder(command)
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          throw new IllegalStateException("failed: " + String.join(" ", command));
        }
        return Files.readString(out, StandardCharsets.US_ASCII);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
