/**
 * The partition command line: split a public data set (or generate synthetic devices) into
 * client folders that edge clients and the research launcher read with
 * {@link org.flotilla.datasets.LocalData}. Entry point {@link org.flotilla.datasets.cli.PartitionCli}.
 */
package org.flotilla.datasets.cli;
