package org.flotilla.coordinator.privacy;

import java.util.List;

/**
 * The point where a differentially private round's aggregation meets the DP step: the sum of the
 * round's updates, each of L2 norm at most C, and what the step needs to know about it. The plain
 * path builds it from the stored updates ({@link UpdateSums}); a secure-aggregation round builds
 * it from the unmasked sum (the coordinator then adds the noise after unmasking), and both feed
 * the same {@link DpStep}.
 *
 * @param sum              Σ of the clipped updates (under local DP: of the devices' noised updates)
 * @param count            updates in the sum
 * @param unclippedBits    Σ b of the clipped-count bits b = 1[‖Δ‖ ≤ C] (adaptive clipping)
 * @param clippedOnArrival updates the coordinator had to clip because the device had not
 * @param excluded         updates left out of the sum (local DP: noise not confirmed by the device)
 * @param contributors     the clients whose updates are in the sum
 */
public record SumOfClipped(double[] sum, int count, int unclippedBits, int clippedOnArrival, int excluded,
                           List<String> contributors) {

    public SumOfClipped {
        if (count < 0 || unclippedBits < 0 || unclippedBits > count || count != contributors.size()) {
            throw new IllegalArgumentException("inconsistent sum: " + count + " updates, " + unclippedBits
                    + " unclipped bits, " + contributors.size() + " contributors");
        }
        contributors = List.copyOf(contributors);
    }
}
