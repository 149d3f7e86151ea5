package dev.toolgate.gateway.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Small helpers for writing JSON text by hand on paths where a tree would cost too much. */
public final class JsonText {

  private JsonText() {}

  /** A JSON string literal, quotes included. */
  public static String quote(String value) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
  }
}
