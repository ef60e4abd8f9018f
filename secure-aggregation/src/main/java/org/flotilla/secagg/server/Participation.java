package org.flotilla.secagg.server;

import java.util.List;

/**
 * Who took part in each phase, for the round record: drop-outs of a phase are the clients of
 * the previous list missing from its own.
 */
public record Participation(List<String> advertised, List<String> shared, List<String> masked, List<String> unmasked) {

    public Participation {
        advertised = List.copyOf(advertised);
        shared = List.copyOf(shared);
        masked = List.copyOf(masked);
        unmasked = List.copyOf(unmasked);
    }
}
