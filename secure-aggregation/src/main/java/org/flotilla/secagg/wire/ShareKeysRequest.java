package org.flotilla.secagg.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import org.flotilla.secagg.RoundPlan;

/**
 * Server → client, opening phase 1 (share keys): every participant's id (the clients whose
 * keys were accepted), the seed that labels the neighbourhood graph, and the key advertisements
 * of the receiving client's neighbours. The client recomputes the graph and checks that it was
 * given exactly its neighbours' keys.
 */
public record ShareKeysRequest(String roundId, byte[] graphSeed, List<String> participants,
                               List<KeyAdvertisement> neighbourKeys) {

    /** Length of the graph seed. */
    public static final int SEED_BYTES = 32;

    public ShareKeysRequest {
        Ids.check("roundId", roundId);
        if (graphSeed == null || graphSeed.length != SEED_BYTES) {
            throw new MessageFormatException("graphSeed", SEED_BYTES + " bytes");
        }
        graphSeed = graphSeed.clone();
        participants = Ids.distinct("participants", participants, RoundPlan.MAX_PARTICIPANTS);
        if (neighbourKeys == null || neighbourKeys.size() > RoundPlan.MAX_PARTICIPANTS) {
            throw new MessageFormatException("neighbourKeys", "a list of at most " + RoundPlan.MAX_PARTICIPANTS + " entries");
        }
        neighbourKeys = List.copyOf(neighbourKeys);
    }

    @Override
    public byte[] graphSeed() {
        return graphSeed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShareKeysRequest r && r.roundId.equals(roundId) && java.util.Arrays.equals(r.graphSeed, graphSeed)
                && r.participants.equals(participants) && r.neighbourKeys.equals(neighbourKeys);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(roundId, java.util.Arrays.hashCode(graphSeed), participants, neighbourKeys);
    }

    /** The JSON text of this message. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roundId", roundId);
        m.put("graphSeed", Fields.base64(graphSeed));
        m.put("participants", participants);
        m.put("neighbourKeys", neighbourKeys.stream().map(KeyAdvertisement::toMap).toList());
        return Json.write(m);
    }

    /** Parses the JSON text; a malformed message is a {@link MessageFormatException} naming the field. */
    public static ShareKeysRequest fromJson(String json) {
        Fields f = Fields.of(Json.parse(json, Wire.maxJsonChars()), "",
                Set.of("roundId", "graphSeed", "participants", "neighbourKeys"));
        List<JsonNode> raw = f.list("neighbourKeys", RoundPlan.MAX_PARTICIPANTS);
        List<KeyAdvertisement> keys = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            keys.add(KeyAdvertisement.fromValue(raw.get(i), "neighbourKeys[" + i + "]"));
        }
        return new ShareKeysRequest(f.id("roundId"), f.bytes("graphSeed", SEED_BYTES),
                Ids.read(f, "participants", RoundPlan.MAX_PARTICIPANTS), keys);
    }
}
