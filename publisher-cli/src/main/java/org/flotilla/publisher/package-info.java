/**
 * {@code flotilla-publisher}: the publisher's offline command for the trust chain of
 * docs/code-bundles.md — {@code keygen} (an Ed25519 key pair), {@code sign} (a detached signature
 * {@code FILE.sig} over a bundle or plan), {@code verify} (as a device would, against trusted public
 * keys). The private key stays with the publisher; the coordinator only relays signatures.
 */
package org.flotilla.publisher;
