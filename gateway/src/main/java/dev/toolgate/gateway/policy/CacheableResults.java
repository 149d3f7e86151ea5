package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Finds what the result cache stores of an answer: the bytes of its {@code result} object, as the
 * worker wrote them (after redaction), or nothing for an error or an {@code isError} result. One
 * pass of the tokenizer over the answer, no tree and no writing: every call of a cacheable tool
 * that misses pays for this.
 */
final class CacheableResults {

  private static final JsonFactory JSON = new JsonFactory();

  private CacheableResults() {}

  /**
   * The result object of a successful answer; {@code null} for an error, an {@code isError} result
   * (true, or what reads as true: {@code "true"}, a non-zero number), or anything else.
   */
  static byte[] of(byte[] answer) {
    try (JsonParser parser = JSON.createParser(answer)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      byte[] result = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("error".equals(field)) {
          return null;
        }
        if (!"result".equals(field)) {
          parser.skipChildren();
          continue;
        }
        if (value != JsonToken.START_OBJECT) {
          return null;
        }
        long start = parser.currentTokenLocation().getByteOffset();
        if (isError(parser)) {
          return null;
        }
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        result = Arrays.copyOfRange(answer, (int) start, (int) end);
      }
      return result;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads a result object's fields up to its end; whether {@code isError} reads as true. */
  private static boolean isError(JsonParser parser) throws IOException {
    boolean error = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("isError".equals(field)) {
        error =
            switch (value) {
              case VALUE_TRUE -> true;
              case VALUE_STRING -> "true".equals(parser.getText().trim());
              case VALUE_NUMBER_INT -> parser.getLongValue() != 0;
              default -> false;
            };
      }
      parser.skipChildren();
    }
    return error;
  }
}
