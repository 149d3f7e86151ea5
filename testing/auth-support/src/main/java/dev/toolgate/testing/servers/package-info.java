/** Real servers from Debian's packages that tests and benchmarks start on loopback: Redis. */
package dev.toolgate.testing.servers;
