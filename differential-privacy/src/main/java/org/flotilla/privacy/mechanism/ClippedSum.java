package org.flotilla.privacy.mechanism;

/**
 * The running sum of clipped client updates for DP-FedAvg, in double, memory O(model). Each
 * update is clipped again on arrival: clients clip on the device, but a buggy or hostile client
 * that skipped it would otherwise void the guarantee for everyone. (Under secure aggregation the
 * coordinator sees only the sum and relies on the devices; see {@code docs/privacy.md}.)
 * Not thread-safe.
 */
public final class ClippedSum {

    private final double clipNorm;
    private final double[] sum;
    private int count;
    private int clippedHere;
    private int unclippedBits;

    /** An empty sum of {@code dimension} coordinates for updates clipped to {@code clipNorm}. */
    public ClippedSum(int dimension, double clipNorm) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, was " + dimension);
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be a positive finite number, was " + clipNorm);
        }
        this.clipNorm = clipNorm;
        this.sum = new double[dimension];
    }

    /** Adds one client's update, clipping it to the clip norm if the device did not. */
    public void add(float[] update) {
        if (update.length != sum.length) {
            throw new IllegalArgumentException(
                    "update has " + update.length + " coordinates, the model has " + sum.length);
        }
        ClippedUpdate clipped = L2Clipping.clip(update, clipNorm);
        if (clipped.clipped()) {
            clippedHere++;
        }
        float[] v = clipped.update();
        for (int i = 0; i < v.length; i++) {
            sum[i] += v[i];
        }
        count++;
    }

    /** Adds a client's clipped-count bit (1 unclipped, 0 clipped) for adaptive clipping. */
    public void addBit(int unclippedBit) {
        if (unclippedBit != 0 && unclippedBit != 1) {
            throw new IllegalArgumentException("the clipped-count bit must be 0 or 1, was " + unclippedBit);
        }
        unclippedBits += unclippedBit;
    }

    /** A copy of the sum so far. */
    public double[] sum() {
        return sum.clone();
    }

    /** How many updates were added. */
    public int count() {
        return count;
    }

    /** How many arrived above the clip norm and were clipped here (a sign of a misbehaving device). */
    public int clippedOnArrival() {
        return clippedHere;
    }

    /** The sum of the clipped-count bits added. */
    public int unclippedBits() {
        return unclippedBits;
    }

    /** The clip norm. */
    public double clipNorm() {
        return clipNorm;
    }
}
