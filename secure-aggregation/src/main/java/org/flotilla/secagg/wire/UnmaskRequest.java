package org.flotilla.secagg.wire;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.flotilla.secagg.RoundPlan;

/**
 * Server → client, opening phase 3 (unmasking), restricted to the receiving client's
 * neighbourhood: whose masked input arrived ({@code survivors}: reveal the share of their
 * self-mask seed) and who completed phase 1 but sent no masked input ({@code dropped}: reveal
 * the share of their mask private key). The two lists must be disjoint; an honest client never
 * reveals both shares of one owner (Bonawitz et al. 2017, round 4).
 */
public record UnmaskRequest(String roundId, List<String> survivors, List<String> dropped) {

    public UnmaskRequest {
        Ids.check("roundId", roundId);
        survivors = Ids.distinct("survivors", survivors, RoundPlan.MAX_PARTICIPANTS);
        dropped = Ids.distinct("dropped", dropped, RoundPlan.MAX_PARTICIPANTS);
        Set<String> both = new HashSet<>(survivors);
        both.retainAll(dropped);
        if (!both.isEmpty()) {
            throw new MessageFormatException("dropped", "disjoint from survivors");
        }
    }

    /** The JSON text of this message. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roundId", roundId);
        m.put("survivors", survivors);
        m.put("dropped", dropped);
        return Json.write(m);
    }

    /** Parses the JSON text; a malformed message is a {@link MessageFormatException} naming the field. */
    public static UnmaskRequest fromJson(String json) {
        Fields f = Fields.of(Json.parse(json, Wire.maxJsonChars()), "", Set.of("roundId", "survivors", "dropped"));
        return new UnmaskRequest(f.id("roundId"), Ids.read(f, "survivors", RoundPlan.MAX_PARTICIPANTS),
                Ids.read(f, "dropped", RoundPlan.MAX_PARTICIPANTS));
    }
}
