package dev.toolgate.api.settings;

import java.util.Locale;
import java.util.Objects;

/**
 * One setting, declared once: its flag, its environment variable, its type, its default and what it
 * does. Parsing, {@code --help} and the README tables read this and nothing else.
 *
 * @param name the flag without its dashes, such as {@code max-sessions}
 * @param env the environment variable, {@code TOOLGATE_} and the name in upper case by default
 * @param fallbackEnv a variable read when {@code env} is unset (a platform's own, such as {@code
 *     POD_NAMESPACE}), or {@code null}
 * @param type how the text is read and checked
 * @param defaultValue the value when neither flag nor variable is given; {@code null} for none
 * @param defaultShown how docs show a default that is computed at run time (such as "the temp
 *     directory"), else {@code null} and the default is shown as {@code type} formats it
 * @param description what it does, one sentence for people
 * @param isSwitch the flag may stand alone, meaning {@code true}
 * @param group which README table lists it
 * @param <T> the value's type
 */
public record Setting<T>(
    String name,
    String env,
    String fallbackEnv,
    SettingType<T> type,
    T defaultValue,
    String defaultShown,
    String description,
    boolean isSwitch,
    String group) {

  public Setting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("setting name " + name + " is not lower-case-dashed");
    }
  }

  /** A setting with the variable {@code TOOLGATE_<NAME>}, in no README group yet. */
  public static <T> Setting<T> of(
      String name, SettingType<T> type, T defaultValue, String description) {
    return new Setting<>(
        name,
        "TOOLGATE_" + name.toUpperCase(Locale.ROOT).replace('-', '_'),
        null,
        type,
        defaultValue,
        null,
        description,
        false,
        "");
  }

  /** The flag as typed: {@code --name}. */
  public String flag() {
    return "--" + name;
  }

  /** The default as docs show it, {@code null} when there is none. */
  public String defaultText() {
    if (defaultShown != null) {
      return defaultShown;
    }
    return defaultValue == null ? null : type.format(defaultValue);
  }

  /** The same setting, its default computed at run time and shown as {@code text}. */
  public Setting<T> defaultShownAs(String text) {
    return new Setting<>(
        name, env, fallbackEnv, type, defaultValue, text, description, isSwitch, group);
  }

  /** The same setting, also read from {@code variable} when its own variable is unset. */
  public Setting<T> orEnv(String variable) {
    return new Setting<>(
        name, env, variable, type, defaultValue, defaultShown, description, isSwitch, group);
  }

  /** The same setting, listed in the README table {@code name}. */
  public Setting<T> inGroup(String name) {
    return new Setting<>(
        this.name, env, fallbackEnv, type, defaultValue, defaultShown, description, isSwitch, name);
  }

  /** The same boolean setting as a switch: {@code --name} alone means {@code true}. */
  public Setting<T> asSwitch() {
    if (!(defaultValue instanceof Boolean)) {
      throw new IllegalStateException(flag() + " needs a boolean default to be a switch");
    }
    return new Setting<>(
        name, env, fallbackEnv, type, defaultValue, defaultShown, description, true, group);
  }
}
