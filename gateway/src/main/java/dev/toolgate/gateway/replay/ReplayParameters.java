package dev.toolgate.gateway.replay;

import dev.toolgate.gateway.audit.CallFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of the replay API, checked: {@code tool}, {@code principal} (a subject),
 * {@code since} and {@code until} (ISO-8601 instants; default the last 24 hours) and {@code limit}
 * (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}). Anything else, a parameter given
 * twice or a value out of shape is a {@link BadParameter} whose message says which and why.
 */
public record ReplayParameters(CallFilter filter, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  private static final Set<String> KNOWN = Set.of("tool", "principal", "since", "until", "limit");
  private static final int MAX_TOOL = 256;
  private static final int MAX_PRINCIPAL = 1024;

  /** A parameter the API refuses; the message names it and is safe to show. */
  public static final class BadParameter extends Exception {
    BadParameter(String message) {
      super(message);
    }
  }

  /**
   * @param parameters every parameter with all its values, as decoded from the query string
   * @param allowed the parameters this request may carry (a subset of the known ones)
   */
  public static ReplayParameters parse(
      Map<String, List<String>> parameters, Set<String> allowed, Clock clock) throws BadParameter {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (!KNOWN.contains(name) || !allowed.contains(name)) {
        throw new BadParameter(
            "unknown parameter "
                + shown(name)
                + "; this request takes "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (parameter.getValue().size() > 1) {
        throw new BadParameter("parameter " + name + " is given more than once");
      }
    }
    Instant now = clock.instant();
    // A call received in this very millisecond is in the window: until is exclusive.
    Instant until = instant(parameters, "until", now.plusMillis(1));
    Instant since = instant(parameters, "since", until.minus(DEFAULT_WINDOW));
    if (!since.isBefore(until)) {
      throw new BadParameter("since must be before until");
    }
    return new ReplayParameters(
        new CallFilter(
            text(parameters, "tool", MAX_TOOL),
            text(parameters, "principal", MAX_PRINCIPAL),
            since,
            until),
        limit(parameters));
  }

  private static String value(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static String text(Map<String, List<String>> parameters, String name, int max)
      throws BadParameter {
    String value = value(parameters, name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > max) {
      throw new BadParameter(name + " is longer than " + max + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new BadParameter(name + " holds a control character");
    }
    return value;
  }

  private static Instant instant(
      Map<String, List<String>> parameters, String name, Instant otherwise) throws BadParameter {
    String value = value(parameters, name);
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadParameter(
          name
              + ": expected an ISO-8601 instant such as 2026-12-02T18:00:00Z, got "
              + shown(value));
    }
  }

  private static int limit(Map<String, List<String>> parameters) throws BadParameter {
    String value = value(parameters, "limit");
    if (value == null || value.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadParameter(
          "limit: expected a whole number from 1 to " + MAX_LIMIT + ", got " + shown(value));
    }
    return limit;
  }

  /** A caller's text quoted in an error: cut, so a huge value is not sent back whole. */
  private static String shown(String value) {
    return "\"" + (value.length() > 64 ? value.substring(0, 64) + "…" : value) + "\"";
  }
}
