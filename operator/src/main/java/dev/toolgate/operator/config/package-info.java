/** The operator's settings, read from flags and environment variables. */
package dev.toolgate.operator.config;
