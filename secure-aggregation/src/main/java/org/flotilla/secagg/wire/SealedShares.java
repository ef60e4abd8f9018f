package org.flotilla.secagg.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import org.flotilla.secagg.RoundPlan;

/**
 * A list of sealed shares in one direction, the body of two messages: client → server at the
 * end of phase 1 ({@link #clientId} is the sender, each share's peer a receiver: one per
 * neighbour), and server → client opening phase 2 ({@link #clientId} is the receiver, each
 * share's peer a sender: one per neighbour that completed phase 1).
 */
public record SealedShares(String roundId, String clientId, List<SealedShare> shares) {

    public SealedShares {
        Ids.check("roundId", roundId);
        Ids.check("clientId", clientId);
        if (shares == null || shares.size() > RoundPlan.MAX_PARTICIPANTS) {
            throw new MessageFormatException("shares", "a list of at most " + RoundPlan.MAX_PARTICIPANTS + " entries");
        }
        shares = List.copyOf(shares);
        Ids.distinct("shares[].peer", shares.stream().map(SealedShare::peer).toList(), RoundPlan.MAX_PARTICIPANTS);
        if (shares.stream().anyMatch(s -> s.peer().equals(clientId))) {
            throw new MessageFormatException("shares[].peer", "different from clientId");
        }
    }

    /** The JSON text of this message. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roundId", roundId);
        m.put("clientId", clientId);
        m.put("shares", shares.stream().map(SealedShare::toMap).toList());
        return Json.write(m);
    }

    /** Parses the JSON text; a malformed message is a {@link MessageFormatException} naming the field. */
    public static SealedShares fromJson(String json) {
        Fields f = Fields.of(Json.parse(json, Wire.maxJsonChars()), "", Set.of("roundId", "clientId", "shares"));
        List<JsonNode> raw = f.list("shares", RoundPlan.MAX_PARTICIPANTS);
        List<SealedShare> shares = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            shares.add(SealedShare.fromValue(raw.get(i), "shares[" + i + "]"));
        }
        return new SealedShares(f.id("roundId"), f.id("clientId"), shares);
    }
}
