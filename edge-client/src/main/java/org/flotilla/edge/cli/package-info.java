/**
 * The picocli commands behind {@code edge-client}: {@code run}, {@code status} and
 * {@code version}. Options are taken as strings and validated by
 * {@link org.flotilla.edge.config.ConfigResolver}, so that every error reads the same whether the
 * value came from the command line, the environment or the config file.
 */
package org.flotilla.edge.cli;
