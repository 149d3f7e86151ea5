package dev.toolgate.gateway.redaction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Redacts every string value of one JSON-RPC message — result text, structured content field by
 * field, embedded resources, error messages and data — and keeps its shape: strings are replaced,
 * never removed, keys and numbers stay. The envelope ({@code jsonrpc}, {@code id}, {@code method})
 * is left alone so the answer still matches its request.
 *
 * <p>One streaming pass, token by token: the message is already bounded (the relay buffers at most
 * the maximum response size), and the copy costs about its size again, only when something is
 * found; an answer whose bytes carry no marker of a secret is returned untouched without parsing.
 */
public final class JsonRedactor {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonRedactor() {}

  /** The message with secrets replaced; the very same array when there was nothing to replace. */
  public static byte[] redact(byte[] message, Redactor redactor) {
    if (!redactor.isActive() || !redactor.mayRedact(message)) {
      return message;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
    boolean changed = false;
    try (JsonParser parser = JSON.createParser(message);
        JsonGenerator generator = JSON.createGenerator(out)) {
      int depth = 0;
      boolean envelopeField = false;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            depth++;
            generator.copyCurrentEvent(parser);
          }
          case END_OBJECT, END_ARRAY -> {
            depth--;
            generator.copyCurrentEvent(parser);
          }
          case FIELD_NAME -> {
            envelopeField =
                depth == 1
                    && switch (parser.currentName()) {
                      case "jsonrpc", "id", "method" -> true;
                      default -> false;
                    };
            generator.copyCurrentEvent(parser);
          }
          case VALUE_STRING -> {
            String text = parser.getText();
            String redacted = envelopeField && depth == 1 ? text : redactor.redact(text);
            if (redacted != text) {
              changed = true;
            }
            generator.writeString(redacted);
          }
          default -> generator.copyCurrentEventExact(parser);
        }
      }
    } catch (IOException e) {
      // The relay let only well-formed JSON-RPC through; unreadable means not ours to judge.
      throw new IllegalStateException("unreadable message", e);
    }
    return changed ? out.toByteArray() : message;
  }
}
