/**
 * The gateway as an OAuth 2.1 resource server: bearer tokens taken from the {@code Authorization}
 * header only, JWTs verified against each trusted issuer's keys, verified tokens cached until they
 * expire, and the caller as a {@link dev.toolgate.gateway.auth.Principal}. Knows nothing of HTTP
 * servers, sessions or endpoints: the transport hands it header values and a path. Nothing here
 * logs a token or puts one in an error.
 */
package dev.toolgate.gateway.auth;
