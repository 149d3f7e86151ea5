package dev.toolgate.api.config;

/**
 * Cost units each caller may spend per period on the tools a scope grants; a call costs its tool's
 * {@link ToolConfig#costOrDefault()}. Periods are fixed windows aligned to the epoch (a {@code 1h}
 * budget renews on the hour, UTC).
 *
 * @param units units per period, at least 1
 * @param period the period, a duration such as {@code 24h}
 */
public record BudgetConfig(Integer units, String period) {}
