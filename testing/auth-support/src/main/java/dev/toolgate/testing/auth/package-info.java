/**
 * Test helpers without Spring: the test authorization server's process and tokens, and the official
 * MCP TypeScript client's OAuth flow.
 */
package dev.toolgate.testing.auth;
