package org.flotilla.coordinator.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.flotilla.coordinator.aggregation.StoredUpdate;
import org.flotilla.coordinator.aggregation.StoredVectors;
import org.flotilla.model.protocol.ExtraMetric;
import org.flotilla.privacy.mechanism.ClippedSum;
import org.flotilla.privacy.mechanism.L2Clipping;
import org.springframework.stereotype.Component;

/**
 * Sums a round's stored updates for the DP step, one update in memory at a time (O(model)).
 * Centrally every update is clipped to C again on arrival ({@link ClippedSum}), so a device that
 * skipped clipping cannot break the guarantee for everyone; its bit for adaptive clipping is the
 * one it reported ({@code clipped}), 0 if the coordinator had to clip it, and its measured norm
 * against C if it reported none. Under local DP the updates carry the devices' noise and are summed
 * as they are, leaving out those whose metrics do not confirm the job's noise multiplier.
 */
@Component
class UpdateSums {

    private final StoredVectors vectors;

    UpdateSums(StoredVectors vectors) {
        this.vectors = vectors;
    }

    SumOfClipped clipped(List<StoredUpdate> updates, double clipNorm, long parameterCount) {
        ClippedSum sum = new ClippedSum(Math.toIntExact(parameterCount), clipNorm);
        List<String> contributors = new ArrayList<>();
        for (StoredUpdate u : sorted(updates)) {
            float[] delta = vectors.read(u.sha256(), parameterCount);
            double norm = L2Clipping.norm(delta);
            int clippedBefore = sum.clippedOnArrival();
            sum.add(delta);
            boolean clippedHere = sum.clippedOnArrival() > clippedBefore;
            sum.addBit(clippedHere ? 0 : unclippedBit(u, norm, clipNorm));
            contributors.add(u.clientId());
        }
        return new SumOfClipped(sum.sum(), sum.count(), sum.unclippedBits(), sum.clippedOnArrival(), 0, contributors);
    }

    SumOfClipped local(List<StoredUpdate> updates, double noiseMultiplier, long parameterCount) {
        double[] sum = new double[Math.toIntExact(parameterCount)];
        List<String> contributors = new ArrayList<>();
        int excluded = 0;
        for (StoredUpdate u : sorted(updates)) {
            Double applied = u.metrics() == null ? null : u.metrics().extra().get(ExtraMetric.LOCAL_NOISE_MULTIPLIER.key());
            if (applied == null || applied < noiseMultiplier) {
                excluded++;
                continue;
            }
            vectors.addScaled(u.sha256(), parameterCount, sum, 1.0);
            contributors.add(u.clientId());
        }
        return new SumOfClipped(sum, contributors.size(), 0, 0, excluded, contributors);
    }

    private static int unclippedBit(StoredUpdate u, double norm, double clipNorm) {
        Double reported = u.metrics() == null ? null : u.metrics().extra().get(ExtraMetric.CLIPPED.key());
        if (reported != null) {
            return reported == 0.0 ? 1 : 0;
        }
        return norm < clipNorm ? 1 : 0;
    }

    private static List<StoredUpdate> sorted(List<StoredUpdate> updates) {
        return updates.stream().sorted(Comparator.comparing(StoredUpdate::clientId)).toList();
    }
}
