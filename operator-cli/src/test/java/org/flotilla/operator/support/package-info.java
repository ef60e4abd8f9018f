/**
 * Test support: a real coordinator started in-process on a loopback port with its own data
 * directory ({@link org.flotilla.operator.support.RunningCoordinator}), protocol clients that
 * enrol, check in, really train with DL4J and upload over HTTP
 * ({@link org.flotilla.operator.support.ProtocolClient}), and the command line run in-process
 * ({@link org.flotilla.operator.support.Cli}).
 */
package org.flotilla.operator.support;
