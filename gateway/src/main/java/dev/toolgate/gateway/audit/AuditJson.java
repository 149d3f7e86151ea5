package dev.toolgate.gateway.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.gateway.calls.FinishedCall;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A finished call as one line of JSON: the stdout line and the spool's record are the same text.
 * Absent fields are left out; readers ignore fields they do not know (records evolve append-only).
 */
final class AuditJson {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private AuditJson() {}

  /** The call as JSON, ending with a newline. */
  static byte[] line(FinishedCall call) {
    try {
      byte[] json = JSON.writeValueAsBytes(call);
      byte[] line = new byte[json.length + 1];
      System.arraycopy(json, 0, line, 0, json.length);
      line[json.length] = '\n';
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FinishedCall read(byte[] bytes, int offset, int length) throws IOException {
    return JSON.readValue(bytes, offset, length, FinishedCall.class);
  }
}
