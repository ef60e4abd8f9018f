package org.flotilla.coordinator.secagg;

import java.util.List;

import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.UnmaskResponse;

/**
 * What the coordinator keeps of a secure round attempt: its setup, the graph seed drawn when the
 * round opened, the accepted messages of each phase (masked vectors only: no individual update is
 * ever stored in the clear) and how many phases were closed. It is all the server needs to rebuild
 * its protocol state ({@link ServerReplay}).
 *
 * @param setup        the round's setup
 * @param graphSeed    the seed of the neighbourhood graph
 * @param keys         phase 0's accepted advertisements
 * @param shares       phase 1's accepted sealed shares
 * @param masked       phase 2's accepted masked inputs
 * @param unmasks      phase 3's accepted unmask responses
 * @param closedPhases how many phases were closed, 0..3 (the unmasking phase ends the round)
 */
public record RecordedRound(RoundSetup setup, byte[] graphSeed, List<KeyAdvertisement> keys, List<SealedShares> shares,
                            List<MaskedInput> masked, List<UnmaskResponse> unmasks, int closedPhases) {

    public RecordedRound {
        if (closedPhases < 0 || closedPhases > 3) {
            throw new IllegalArgumentException("0 to 3 phases close before the round ends, was " + closedPhases);
        }
        graphSeed = graphSeed.clone();
        keys = List.copyOf(keys);
        shares = List.copyOf(shares);
        masked = List.copyOf(masked);
        unmasks = List.copyOf(unmasks);
    }

    @Override
    public byte[] graphSeed() {
        return graphSeed.clone();
    }
}
