/**
 * The host of a bundle's program inside the child JVM, and the small protocol between it and the
 * edge client that started it. The child's class path holds this package (shared-model), the ML
 * libraries and the bundle jar, never the edge client.
 *
 * <p>Protocol, per session (one job on one device): the parent writes {@value
 * org.flotilla.model.bundle.host.HostProtocol#SESSION_FILE} into the child's working directory and
 * starts {@code java … org.flotilla.model.bundle.host.BundleHost <nonce>}; the host prints a
 * {@code STARTED} control line on standard output, opens the local data, loads and builds the
 * program and prints {@code READY}.
 * Each task is one JSON command line on standard input ({@code TRAIN}, {@code EVALUATE}, {@code INIT},
 * or {@code CANCEL}); parameters go in and come out as {@code WeightsCodec} files in the working
 * directory, and the host answers with one {@code DONE} or {@code FAILED} control line. Control lines
 * start with {@value org.flotilla.model.bundle.host.HostProtocol#CONTROL_PREFIX} and the session's
 * nonce; anything else on standard output is the program's own output. End of standard input ends
 * the session. The parent trusts none of it: it bounds every line and file and checks every value.
 */
package org.flotilla.model.bundle.host;
