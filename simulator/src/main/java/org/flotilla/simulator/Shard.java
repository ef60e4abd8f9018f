package org.flotilla.simulator;

/**
 * Which slice of the virtual population this process hosts: client {@code c} belongs to shard
 * {@code c mod count}. Every shard derives the same population (data, speeds, availability) from
 * the same seed, so n processes with shards 0/n … (n−1)/n host disjoint slices that together make
 * the whole.
 *
 * @param index this process's shard, in {@code [0, count)}
 * @param count number of shards
 */
public record Shard(int index, int count) {

    /** The whole population in one process. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || count > 100_000 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is i/n with 0 <= i < n <= 100000, was " + index + "/" + count);
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a shard is written i/n, e.g. 0/4, not '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a shard is written i/n with whole numbers, e.g. 0/4, not '" + text + "'");
        }
    }

    /** Whether this shard hosts client {@code client}. */
    public boolean hosts(int client) {
        return client % count == index;
    }

    /** Whether this is the shard that creates and watches the job. */
    public boolean leads() {
        return index == 0;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
