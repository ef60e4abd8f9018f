/**
 * The publisher trust chain: Ed25519 publisher keys (the JDK's built-in {@code Signature("Ed25519")},
 * RFC 8032), their key ids, PEM files (X.509 SubjectPublicKeyInfo for public keys, PKCS#8 for
 * private keys, both the JDK's own encodings), detached signatures as small JSON documents, and a
 * verifier that answers with a {@link org.flotilla.model.signing.Verification} value: trusted,
 * untrusted key, bad signature or missing.
 *
 * <p>A signature covers the artifact's SHA-256, the name under which the coordinator stores and
 * relays it, behind a fixed domain-separation prefix ({@link org.flotilla.model.signing.DetachedSignature#signedMessage}).
 * The publisher's private key never sits on the coordinator, so a compromised coordinator cannot
 * make devices run code of its own. See docs/code-bundles.md, "Signing".
 */
package org.flotilla.model.signing;
