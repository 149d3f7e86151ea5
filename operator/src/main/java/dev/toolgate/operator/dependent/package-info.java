/**
 * One JOSDK dependent resource per object the operator owns. Each desired() only hands the primary
 * to a {@code model} builder; server-side apply, owner references and label-selected informers come
 * from JOSDK.
 */
package dev.toolgate.operator.dependent;
