package org.flotilla.secagg.client;

/**
 * Why a client left a round. Each is a reason to reveal nothing further: the edge client
 * declines the remaining phases and the round proceeds without it (as a drop-out).
 */
public enum AbortReason {
    /** A message named another round. */
    WRONG_ROUND,
    /** The participant list does not contain this client, or the round cannot be planned. */
    NOT_A_PARTICIPANT,
    /** The keys offered are not exactly those of this client's neighbours. */
    NEIGHBOUR_KEYS_MISMATCH,
    /** A neighbour's public key is of small order (agreement refused). */
    BAD_PEER_KEY,
    /** A forwarded share came from a non-neighbour or was not meant for this client. */
    UNEXPECTED_SHARE,
    /** A forwarded share failed authentication: tampered with or misrouted. */
    SHARE_TAMPERED,
    /** Fewer neighbours remain than the threshold: the round could not be unmasked safely. */
    TOO_FEW_NEIGHBOURS,
    /** The update does not fit the round (length, non-finite values, weight below 1). */
    BAD_UPDATE,
    /** The unmask request names clients whose shares this client does not hold. */
    BAD_UNMASK_REQUEST,
    /** A repeated request differs from the one already answered (the server changed its story). */
    CONFLICTING_REQUEST,
    /** A step arrived in a phase where it does not belong. */
    OUT_OF_ORDER;

    /** Whether the server, not the client, is at fault (worth logging as a protocol violation). */
    public boolean blamesServer() {
        return this != BAD_UPDATE && this != OUT_OF_ORDER;
    }
}
