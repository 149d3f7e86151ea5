package dev.toolgate.gateway.budget;

/**
 * Units one key may spend per period; periods are fixed windows aligned to the epoch, so every
 * replica agrees when a period renews.
 *
 * @param key what the budget counts for (a caller under a scope), unique per budget
 */
public record Budget(String key, long units, long periodMillis) {

  public Budget {
    if (units < 1 || periodMillis < 1) {
      throw new IllegalArgumentException("a budget needs units and a period");
    }
  }
}
