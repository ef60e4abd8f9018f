/**
 * The operator's command line for a Flotilla coordinator: {@code jobs create|list|show|watch|cancel},
 * {@code rounds show}, {@code clients list}, {@code model get}. It meets the coordinator only over its
 * REST API ({@code /api/v1}, admin bearer token) and depends on neither the coordinator nor DL4J.
 * {@link org.flotilla.operator.OperatorMain} is the entry point.
 */
package org.flotilla.operator;
