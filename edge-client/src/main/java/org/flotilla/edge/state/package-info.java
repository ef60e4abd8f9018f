/**
 * The client's durable state under the state directory: its identity ({@code identity.json},
 * mode 0600), the artifact cache ({@code cache/<sha256>}) and finished updates not yet
 * acknowledged ({@code pending/}). Every write goes through {@link org.flotilla.edge.state.StateStore}:
 * a temporary file, fsync, then an atomic rename, so a crash or a full disk never leaves a file
 * half-written.
 */
package org.flotilla.edge.state;
