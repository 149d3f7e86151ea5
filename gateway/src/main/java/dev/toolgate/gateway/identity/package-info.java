/**
 * Identity tokens for workers: the gateway never forwards a client's token, it mints its own short
 * token (who is calling, with which scopes, for which tool), signed with an ES256 key that it
 * generates and rotates or that every replica reads from a shared key file, and publishes the
 * public keys at {@code /.well-known/jwks.json}.
 */
package dev.toolgate.gateway.identity;
