package dev.toolgate.gateway.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity keys from a PEM file every gateway replica mounts (a Secret), so that a token minted by
 * one replica verifies against the JWKS any replica serves. The first key signs, every key is
 * published; rotation is done by editing the file (add the next key last, later move it first,
 * later drop the old one), and {@link #reload()} picks the change up. A file that turns bad while
 * running keeps the last good keys in force and is reported; a bad file at start stops the start.
 */
public final class IdentityKeyFile {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityKeyFile.class);

  private final Path file;
  private final IdentityKeys keys;
  private byte[] loaded;

  private IdentityKeyFile(Path file, byte[] content, List<KeyPair> pairs) {
    this.file = file;
    this.loaded = content;
    this.keys = new IdentityKeys(pairs);
  }

  /**
   * Reads the keys.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static IdentityKeyFile load(Path file) {
    byte[] content = read(file);
    return new IdentityKeyFile(file, content, parse(file, content));
  }

  public IdentityKeys keys() {
    return keys;
  }

  /** Reads the file again and, when it changed and is good, puts its keys in force. */
  public synchronized void reload() {
    byte[] content;
    List<KeyPair> pairs;
    try {
      content = read(file);
      if (Arrays.equals(content, loaded)) {
        return;
      }
      pairs = parse(file, content);
    } catch (IllegalArgumentException e) {
      LOG.error("{}; the identity keys in force stay as they were", e.getMessage());
      return;
    }
    keys.use(pairs);
    loaded = content;
    LOG.info(
        "identity keys reloaded from {}: signing with {}, publishing {}",
        file,
        keys.currentKid(),
        keys.publishedKids());
  }

  private static List<KeyPair> parse(Path file, byte[] content) {
    try {
      return PemKeys.parse(new String(content, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--identity-key-file " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--identity-key-file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--identity-key-file " + file + " cannot be read: " + e.getMessage());
    }
  }
}
