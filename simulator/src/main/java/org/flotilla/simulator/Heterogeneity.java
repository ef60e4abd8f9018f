package org.flotilla.simulator;

import java.util.SplittableRandom;

/**
 * How the virtual devices differ, all drawn from one seed so that a run can be repeated:
 * <ul>
 *   <li>speed: a per-client slow-down factor ≥ 1, either log-normal ({@code speedSigma} &gt; 0: the
 *       factor is {@code exp(|N(0, σ²)|)}) or two-valued ({@code slowFraction} of the clients
 *       {@code slowFactor}× slower); a client with factor k waits (k − 1) × its training time after
 *       training, without holding a training lane, as a slower device would still be computing;</li>
 *   <li>availability: in each round a client is online with probability {@code availability};
 *       offline it does not check in until the next round opens;</li>
 *   <li>drop-out: after receiving an assignment a client vanishes (no update, no decline) with
 *       probability {@code dropOut}.</li>
 * </ul>
 *
 * @param speedSigma   σ of the log-normal slow-down, 0 for none
 * @param slowFraction share of clients that are {@code slowFactor}× slower (used when speedSigma is 0)
 * @param slowFactor   slow-down of the slow clients, ≥ 1
 * @param availability probability of being online in a round, in (0, 1]
 * @param dropOut      probability of dropping out after an assignment, in [0, 1)
 * @param seed         seed of every draw
 */
public record Heterogeneity(double speedSigma, double slowFraction, double slowFactor, double availability,
                            double dropOut, long seed) {

    /** Identical, always-online devices that never drop out. */
    public static Heterogeneity none(long seed) {
        return new Heterogeneity(0, 0, 1, 1, 0, seed);
    }

    public Heterogeneity {
        if (!(speedSigma >= 0 && speedSigma <= 10)) {
            throw new IllegalArgumentException("speed sigma must be in [0, 10], was " + speedSigma);
        }
        if (!(slowFraction >= 0 && slowFraction <= 1)) {
            throw new IllegalArgumentException("slow fraction must be in [0, 1], was " + slowFraction);
        }
        if (!(slowFactor >= 1 && slowFactor <= 1000)) {
            throw new IllegalArgumentException("slow factor must be in [1, 1000], was " + slowFactor);
        }
        if (!(availability > 0 && availability <= 1)) {
            throw new IllegalArgumentException("availability must be in (0, 1], was " + availability);
        }
        if (!(dropOut >= 0 && dropOut < 1)) {
            throw new IllegalArgumentException("drop-out probability must be in [0, 1), was " + dropOut);
        }
    }

    /** These settings with another seed. */
    public Heterogeneity withSeed(long value) {
        return new Heterogeneity(speedSigma, slowFraction, slowFactor, availability, dropOut, value);
    }

    /** Whether every client is identical and always there. */
    public boolean isNone() {
        return speedSigma == 0 && (slowFraction == 0 || slowFactor == 1) && availability == 1 && dropOut == 0;
    }

    /** Client {@code client}'s slow-down factor, ≥ 1. */
    public double speedFactor(int client) {
        SplittableRandom r = draw(client, 1, 0);
        if (speedSigma > 0) {
            return Math.exp(Math.abs(gaussian(r)) * speedSigma);
        }
        return r.nextDouble() < slowFraction ? slowFactor : 1;
    }

    /** Whether client {@code client} is online in round {@code round}. */
    public boolean online(int client, int round) {
        return availability >= 1 || draw(client, 2, round).nextDouble() < availability;
    }

    /** Whether client {@code client} drops out of its assignment in round {@code round}. */
    public boolean dropsOut(int client, int round) {
        return dropOut > 0 && draw(client, 3, round).nextDouble() < dropOut;
    }

    /** An independent stream per (client, kind of draw, round): the same answer however often it is asked. */
    private SplittableRandom draw(int client, int kind, int round) {
        long key = seed;
        key = key * 0x9E3779B97F4A7C15L + client;
        key = key * 0x9E3779B97F4A7C15L + kind;
        key = key * 0x9E3779B97F4A7C15L + round;
        return new SplittableRandom(key);
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
