package dev.toolgate.operator.status;

/**
 * Why writing to the API server failed, as a condition reason and a message fit for status: one
 * line, no stack trace, nothing but what the API server said about the request.
 *
 * @param reason a CamelCase reason from {@link ConditionTypes.Reasons}
 * @param message what failed and what the API server said
 */
public record ApplyFailure(String reason, String message) {}
