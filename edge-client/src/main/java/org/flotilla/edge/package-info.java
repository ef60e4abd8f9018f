/**
 * Flotilla's edge client, the program installed on a device. {@link org.flotilla.edge.EdgeClient}
 * runs the protocol loop (enrol once, check in, do assignments, upload) and returns a
 * {@link org.flotilla.edge.RunResult}, so it can be started in-process by tests;
 * {@link org.flotilla.edge.EdgeClientMain} is the command line ({@code edge-client run | status |
 * version}).
 */
package org.flotilla.edge;
