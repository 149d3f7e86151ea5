package dev.toolgate.api.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Settings together with how each value goes into an immutable options object: the options record
 * stays plain, and the settings that fill it are declared once, beside it.
 *
 * @param <O> the options type
 */
public final class SettingBinder<O> {

  private record Bound<O, T>(Setting<T> setting, BiFunction<O, T, O> apply) {
    O applyTo(O options, SettingValues values) {
      T value = values.get(setting);
      return value == null ? options : apply.apply(options, value);
    }
  }

  private final List<Bound<O, ?>> bound;

  private SettingBinder(List<Bound<O, ?>> bound) {
    this.bound = List.copyOf(bound);
  }

  public static <O> SettingBinder<O> create() {
    return new SettingBinder<>(List.of());
  }

  /**
   * A binder with {@code setting} added: its value (when there is one) goes in by {@code apply}.
   */
  public <T> SettingBinder<O> bind(Setting<T> setting, BiFunction<O, T, O> apply) {
    List<Bound<O, ?>> more = new ArrayList<>(bound);
    more.add(new Bound<>(setting, apply));
    return new SettingBinder<>(more);
  }

  /** A binder with every setting of {@code part}, which fills a part of {@code O}. */
  public <P> SettingBinder<O> include(
      SettingBinder<P> part, Function<O, P> get, BiFunction<O, P, O> set) {
    List<Bound<O, ?>> more = new ArrayList<>(bound);
    for (Bound<P, ?> b : part.bound) {
      more.add(lift(b, get, set));
    }
    return new SettingBinder<>(more);
  }

  private static <O, P, T> Bound<O, T> lift(
      Bound<P, T> b, Function<O, P> get, BiFunction<O, P, O> set) {
    return new Bound<>(b.setting(), (o, v) -> set.apply(o, b.apply().apply(get.apply(o), v)));
  }

  /** The settings, in the order they were bound. */
  public List<Setting<?>> settings() {
    return bound.stream().<Setting<?>>map(Bound::setting).toList();
  }

  /** {@code options} with every value {@code values} has (given or default) applied in order. */
  public O apply(O options, SettingValues values) {
    O result = options;
    for (Bound<O, ?> b : bound) {
      result = b.applyTo(result, values);
    }
    return result;
  }
}
