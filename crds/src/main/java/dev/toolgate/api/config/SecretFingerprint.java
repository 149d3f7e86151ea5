package dev.toolgate.api.config;

/**
 * What the gateway knows of one Secret value it must redact: never the value, only enough to
 * recognise it ({@link SecretFingerprints}).
 *
 * @param length the value's length in UTF-16 code units
 * @param window the value's keyed rolling hash, which finds candidate windows of that length
 * @param digest the value's keyed digest, which confirms a candidate
 * @param keyId which redaction key computed them; the gateway needs the same key
 */
public record SecretFingerprint(Integer length, String window, String digest, String keyId) {}
