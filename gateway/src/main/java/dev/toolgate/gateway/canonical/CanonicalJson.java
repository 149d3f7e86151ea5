package dev.toolgate.gateway.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One text per JSON value, whatever its spelling: RFC 8785 (JCS) style — object members sorted by
 * their names' UTF-16 code units, no whitespace, strings with the shortest escapes — except for
 * numbers, which keep their exact decimal value instead of going through an IEEE double, so two
 * different large integers (ids) never share a text. {@code 1}, {@code 1.0}, {@code 1e0} and {@code
 * 10E-1} are all {@code 1}; {@code -0} is {@code 0}.
 */
public final class CanonicalJson {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private CanonicalJson() {}

  /** Parses JSON keeping every number exact; the tree is what {@link #of(JsonNode)} takes. */
  public static JsonNode parse(byte[] json) throws IOException {
    return JSON.readTree(json);
  }

  /** The canonical text of a JSON document. */
  public static String of(byte[] json) throws IOException {
    return of(parse(json));
  }

  /** The canonical text of a value. */
  public static String of(JsonNode value) {
    StringBuilder out = new StringBuilder(64);
    write(value, out);
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out) {
    switch (value.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>(value.size());
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(null); // String order is UTF-16 code unit order, as JCS sorts
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(names.get(i), out);
          out.append(':');
          write(value.get(names.get(i)), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(value.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(value.textValue(), out);
      case NUMBER -> out.append(number(value.decimalValue()));
      case BOOLEAN -> out.append(value.booleanValue());
      case NULL, MISSING -> out.append("null");
      default -> out.append(value.toString()); // POJO and binary nodes never come from parsing
    }
  }

  /**
   * A number's canonical text: plain notation while its leading digit sits between 10^-7 and 10^20
   * (where JavaScript prints plainly too), else {@code d.ddde+n}.
   */
  static String number(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    int exponent = stripped.precision() - stripped.scale() - 1;
    if (exponent >= -7 && exponent < 21) {
      return stripped.toPlainString();
    }
    String digits = stripped.unscaledValue().abs().toString();
    StringBuilder out = new StringBuilder(digits.length() + 8);
    if (stripped.signum() < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    return out.append('e').append(exponent >= 0 ? '+' : '-').append(Math.abs(exponent)).toString();
  }

  /** A string as JCS writes it: only quote, backslash and control characters escaped. */
  static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Writes a tree as ordinary compact JSON (not canonical), for answers built from trees. */
  public static byte[] bytes(JsonNode value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
