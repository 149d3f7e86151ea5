package dev.toolgate.api.settings;

import dev.toolgate.api.config.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a setting's text becomes a typed value and back. {@link #parse} throws {@link
 * IllegalArgumentException} for text it cannot read; the caller names the flag and adds {@link
 * #expected()}, so one message shape serves every setting.
 *
 * @param <T> the value's type
 */
public interface SettingType<T> {

  /**
   * @throws IllegalArgumentException when the text is not a value of this type
   */
  T parse(String text);

  /** What a value looks like, completing "--flag expects ...", such as "a duration (30s, 5m)". */
  String expected();

  /** The value as a user would write it, so a default reads back as itself. */
  String format(T value);

  /** Text as given (trimmed). */
  static SettingType<String> text() {
    return of("a text", Function.identity(), Function.identity());
  }

  /** A whole number from {@code min} to {@code max}. */
  static SettingType<Integer> integer(int min, int max) {
    return of(
        range(min, max, Integer.MAX_VALUE),
        t -> (int) bounded(Long.parseLong(t), min, max),
        String::valueOf);
  }

  /** A whole number from {@code min} to {@code max}. */
  static SettingType<Long> longInteger(long min, long max) {
    return of(
        range(min, max, Long.MAX_VALUE),
        t -> bounded(Long.parseLong(t), min, max),
        String::valueOf);
  }

  /** A TCP port, 0 picking a free one. */
  static SettingType<Integer> port() {
    return integer(0, 65535);
  }

  /** A duration as the CRDs write it ({@link Durations}), not shorter than {@code min}. */
  static SettingType<Duration> duration(Duration min) {
    String bound =
        min.isZero()
            ? ""
            : min.equals(Duration.ofMillis(1))
                ? " above zero"
                : " of at least " + Durations.format(min);
    return of(
        "a duration such as 30s or 5m" + bound,
        t -> {
          Duration value = Durations.parse(t);
          if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException("too short");
          }
          return value;
        },
        Durations::format);
  }

  /** A duration above zero. */
  static SettingType<Duration> positiveDuration() {
    return duration(Duration.ofMillis(1));
  }

  /** {@code true} or {@code false}, in any case. */
  static SettingType<Boolean> bool() {
    return of(
        "true or false",
        t ->
            switch (t.toLowerCase(Locale.ROOT)) {
              case "true" -> true;
              case "false" -> false;
              default -> throw new IllegalArgumentException("not a boolean");
            },
        String::valueOf);
  }

  /** A comma-separated list; blanks between commas are dropped. */
  static SettingType<List<String>> list() {
    return of(
        "a comma-separated list",
        t -> Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        v -> String.join(",", v));
  }

  /** {@code key=value} pairs, comma-separated, in the order given. */
  static SettingType<Map<String, String>> labels() {
    return of(
        "key=value pairs, comma-separated",
        t -> {
          Map<String, String> labels = new LinkedHashMap<>();
          for (String pair : list().parse(t)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("not key=value");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
          }
          return Map.copyOf(labels);
        },
        v ->
            v.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
  }

  /** A file or directory name. */
  static SettingType<Path> path() {
    return of(
        "a file path",
        t -> {
          try {
            return Path.of(t);
          } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
          }
        },
        Path::toString);
  }

  /** A Kubernetes object reference, {@code NAMESPACE/NAME}. */
  static SettingType<String> namespacedName() {
    return of(
        "NAMESPACE/NAME",
        t -> {
          if (!t.matches("[^/\\s]+/[^/\\s]+")) {
            throw new IllegalArgumentException("not NAMESPACE/NAME");
          }
          return t;
        },
        Function.identity());
  }

  /** A byte count: digits with an optional {@code Ki} or {@code Mi} suffix, as Kubernetes. */
  static SettingType<Long> bytes() {
    Pattern pattern = Pattern.compile("([0-9]{1,9})(Ki|Mi)?");
    return of(
        "a byte count like 262144, 256Ki or 1Mi",
        t -> {
          Matcher m = pattern.matcher(t);
          if (!m.matches()) {
            throw new IllegalArgumentException("not a byte count");
          }
          long number = Long.parseLong(m.group(1));
          return m.group(2) == null
              ? number
              : number * (m.group(2).equals("Ki") ? 1024 : 1024 * 1024);
        },
        v ->
            v % (1024 * 1024) == 0 && v > 0
                ? v / (1024 * 1024) + "Mi"
                : v % 1024 == 0 && v > 0 ? v / 1024 + "Ki" : String.valueOf(v));
  }

  /**
   * One of a fixed set of names, each standing for a value (an enum constant, usually), matched
   * without regard to case.
   */
  static <E> SettingType<E> choice(Map<String, E> byName) {
    Map<String, E> names = new LinkedHashMap<>(byName);
    List<String> keys = List.copyOf(names.keySet());
    String expected =
        keys.size() == 1
            ? keys.get(0)
            : String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.getLast();
    return of(
        expected,
        t -> {
          E value = names.get(t.toLowerCase(Locale.ROOT));
          if (value == null) {
            throw new IllegalArgumentException("not one of " + keys);
          }
          return value;
        },
        v ->
            names.entrySet().stream()
                .filter(e -> e.getValue().equals(v))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow());
  }

  /** One of a few fixed words, matched without regard to case. */
  static SettingType<String> oneOf(String... words) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String word : words) {
      byName.put(word, word);
    }
    return choice(byName);
  }

  /** The constants of an enum, each named as {@code name} writes it (lower case, dashes). */
  static <E extends Enum<E>> SettingType<E> choice(Class<E> type, Function<E, String> name) {
    Map<String, E> byName = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      byName.put(name.apply(constant), constant);
    }
    return choice(byName);
  }

  /** The constants of an enum, named in lower case with dashes for underscores. */
  static <E extends Enum<E>> SettingType<E> choice(Class<E> type) {
    return choice(type, e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  /** A type from its parts. */
  static <T> SettingType<T> of(
      String expected, Function<String, T> parse, Function<T, String> format) {
    return new SettingType<>() {
      @Override
      public T parse(String text) {
        return parse.apply(text);
      }

      @Override
      public String expected() {
        return expected;
      }

      @Override
      public String format(T value) {
        return format.apply(value);
      }
    };
  }

  private static String range(long min, long max, long unbounded) {
    return max == unbounded ? "a number of at least " + min : "a number from " + min + " to " + max;
  }

  private static long bounded(long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("out of range");
    }
    return value;
  }
}
