package org.flotilla.secagg.local;

/** When a simulated client vanishes. */
public enum DropOut {
    /** Takes part to the end. */
    NEVER,
    /** Never advertises keys (not a participant at all). */
    BEFORE_KEYS,
    /** Advertises keys, then sends no shares. */
    AFTER_KEYS,
    /** Sends its shares, then no masked input (its mask key must be reconstructed). */
    AFTER_SHARES,
    /** Sends its masked input, then is never heard from again (it still counts in the sum). */
    AFTER_MASKED_INPUT,
    /** Receives the unmask request and computes its answer, which never arrives. */
    DURING_UNMASKING
}
