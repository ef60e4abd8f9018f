package org.flotilla.secagg.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import org.flotilla.secagg.RoundPlan;

/**
 * Client → server, closing phase 3: the shares of the survivors' self-mask seeds and of the
 * dropped clients' mask private keys that the {@link UnmaskRequest} asked for.
 */
public record UnmaskResponse(String roundId, String clientId, List<RevealedShare> selfMaskShares,
                             List<RevealedShare> maskKeyShares) {

    public UnmaskResponse {
        Ids.check("roundId", roundId);
        Ids.check("clientId", clientId);
        if (selfMaskShares == null || maskKeyShares == null
                || selfMaskShares.size() + maskKeyShares.size() > RoundPlan.MAX_PARTICIPANTS) {
            throw new MessageFormatException("selfMaskShares", "with maskKeyShares, at most "
                    + RoundPlan.MAX_PARTICIPANTS + " entries");
        }
        selfMaskShares = List.copyOf(selfMaskShares);
        maskKeyShares = List.copyOf(maskKeyShares);
        List<String> owners = new ArrayList<>();
        selfMaskShares.forEach(s -> owners.add(s.owner()));
        maskKeyShares.forEach(s -> owners.add(s.owner()));
        Ids.distinct("owner", owners, RoundPlan.MAX_PARTICIPANTS);
    }

    /** The JSON text of this message. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roundId", roundId);
        m.put("clientId", clientId);
        m.put("selfMaskShares", selfMaskShares.stream().map(RevealedShare::toMap).toList());
        m.put("maskKeyShares", maskKeyShares.stream().map(RevealedShare::toMap).toList());
        return Json.write(m);
    }

    /** Parses the JSON text; a malformed message is a {@link MessageFormatException} naming the field. */
    public static UnmaskResponse fromJson(String json) {
        Fields f = Fields.of(Json.parse(json, Wire.maxJsonChars()), "",
                Set.of("roundId", "clientId", "selfMaskShares", "maskKeyShares"));
        return new UnmaskResponse(f.id("roundId"), f.id("clientId"),
                read(f, "selfMaskShares"), read(f, "maskKeyShares"));
    }

    private static List<RevealedShare> read(Fields f, String field) {
        List<JsonNode> raw = f.list(field, RoundPlan.MAX_PARTICIPANTS);
        List<RevealedShare> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(RevealedShare.fromValue(raw.get(i), field + "[" + i + "]"));
        }
        return out;
    }
}
