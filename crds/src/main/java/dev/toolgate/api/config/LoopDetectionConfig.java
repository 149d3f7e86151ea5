package dev.toolgate.api.config;

/**
 * How many identical calls (same caller, tool and arguments) a tool takes in a window before the
 * gateway treats the caller as looping.
 *
 * @param maxRepeats identical calls allowed in the window; the next one is a loop; {@code 0} turns
 *     loop detection off for the tool; absent: the gateway's default
 * @param window the window, a duration such as {@code 10m}; absent: the gateway's default
 */
public record LoopDetectionConfig(Integer maxRepeats, String window) {}
