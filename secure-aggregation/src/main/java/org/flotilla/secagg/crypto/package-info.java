/**
 * The cryptographic building blocks of secure aggregation, each a thin wrapper over a provider
 * primitive (no cipher, PRG or signature scheme of Flotilla's own): X25519 key agreement (the
 * JDK's {@code XDH}), HKDF-SHA-256 (RFC 5869, Bouncy Castle), AES-256-GCM share encryption and
 * AES-256-CTR mask expansion (the JDK), and Shamir t-of-n secret sharing (Shamir 1979, "How to
 * share a secret") over the Mersenne prime field 2^521 − 1.
 */
package org.flotilla.secagg.crypto;
