package dev.toolgate.api.settings;

import java.util.Map;

/**
 * The parsed value of each setting of a {@link SettingCatalog}: the flag's when given, else the
 * environment variable's, else the default.
 */
public final class SettingValues {

  private final SettingCatalog catalog;
  private final Map<String, Object> given;

  SettingValues(SettingCatalog catalog, Map<String, Object> given) {
    this.catalog = catalog;
    this.given = Map.copyOf(given);
  }

  /** The setting's value; {@code null} when it was not given and has no default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    catalog.requireKnown(setting);
    return given.containsKey(setting.name())
        ? (T) given.get(setting.name())
        : setting.defaultValue();
  }

  /** The value, or {@code fallback} when neither flag, variable nor default gives one. */
  public <T> T getOrElse(Setting<T> setting, T fallback) {
    T value = get(setting);
    return value == null ? fallback : value;
  }

  /** Whether a flag or variable gave the setting (a default does not count). */
  public boolean isGiven(Setting<?> setting) {
    catalog.requireKnown(setting);
    return given.containsKey(setting.name());
  }
}
