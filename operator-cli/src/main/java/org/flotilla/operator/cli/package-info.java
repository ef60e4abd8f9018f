/**
 * The picocli commands: {@link org.flotilla.operator.cli.OperatorCommand} with its global options
 * (connection, {@code --json}) and the {@code jobs}, {@code rounds}, {@code clients} and
 * {@code model} command groups.
 */
package org.flotilla.operator.cli;
