package org.flotilla.secagg.wire;

import org.flotilla.secagg.RoundPlan;

/** Size bounds of the JSON messages, for a transport to enforce before it reads a body. */
public final class Wire {

    /** Upper bound on any one entry of a message (a key advertisement, a sealed or revealed share). */
    static final int CHARS_PER_PARTICIPANT = 1024;
    static final int BASE_CHARS = 4096;

    private Wire() {
    }

    /** The longest JSON message of a round with {@code participants} participants. */
    public static int maxJsonChars(int participants) {
        int n = Math.max(1, Math.min(participants, RoundPlan.MAX_PARTICIPANTS));
        return BASE_CHARS + CHARS_PER_PARTICIPANT * n;
    }

    /** The longest JSON message of any round (at {@link RoundPlan#MAX_PARTICIPANTS}). */
    public static int maxJsonChars() {
        return maxJsonChars(RoundPlan.MAX_PARTICIPANTS);
    }
}
