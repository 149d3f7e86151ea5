/**
 * Identity tokens for workers: the gateway never forwards a client's token, it mints its own short
 * token (who is calling, with which scopes, for which tool), signed with an ES256 key it generates
 * and rotates, and publishes the public keys at {@code /.well-known/jwks.json}.
 */
package dev.toolgate.gateway.identity;
