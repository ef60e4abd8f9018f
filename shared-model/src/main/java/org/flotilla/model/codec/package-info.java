/**
 * The binary format of global weights and client updates: a small header, a payload and a
 * SHA-256 trailer. Format version 1 is described in {@code docs/protocol.md}; a checked-in
 * fixture in the tests pins it, so an accidental change to the layout is noticed.
 */
package org.flotilla.model.codec;
