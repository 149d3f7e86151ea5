package dev.toolgate.gateway.auth;

import java.util.Set;

/**
 * A token whose signature and claims checked out, with what is still checked on every use.
 *
 * @param principal the caller
 * @param audiences the token's audiences that are this gateway's (see {@link ResourceUrls#ours})
 * @param usableUntilMillis {@code exp} plus the clock skew, in epoch milliseconds
 */
public record VerifiedToken(Principal principal, Set<String> audiences, long usableUntilMillis) {}
