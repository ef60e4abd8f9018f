package org.flotilla.privacy.mechanism;

/**
 * An update after L2 clipping.
 *
 * @param update     the update, of L2 norm at most the clip norm (a new array when it was scaled)
 * @param normBefore its L2 norm before clipping
 * @param clipped    whether it was scaled down, i.e. its norm exceeded the clip norm
 */
public record ClippedUpdate(float[] update, double normBefore, boolean clipped) {

    /**
     * The clipped-count bit adaptive clipping needs: 1 when the update was within the clip norm,
     * 0 when it was clipped (Andrew et al. 2021's b = 1[‖Δ‖ ≤ C]).
     */
    public int unclippedBit() {
        return clipped ? 0 : 1;
    }
}
