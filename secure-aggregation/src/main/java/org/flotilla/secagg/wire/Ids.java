package org.flotilla.secagg.wire;

import java.util.HashSet;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Checks of identifiers and id lists shared by the messages. */
final class Ids {

    private Ids() {
    }

    static String check(String field, String id) {
        if (id == null || !Fields.ID.matcher(id).matches()) {
            throw new MessageFormatException(field, "an identifier of 1 to 128 characters [A-Za-z0-9._:/@-]");
        }
        return id;
    }

    static List<String> distinct(String field, List<String> ids, int max) {
        if (ids == null || ids.size() > max) {
            throw new MessageFormatException(field, "a list of at most " + max + " identifiers");
        }
        for (String id : ids) {
            check(field + "[]", id);
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new MessageFormatException(field, "a list without duplicates");
        }
        return List.copyOf(ids);
    }

    static List<String> read(Fields f, String field, int max) {
        List<JsonNode> raw = f.list(field, max);
        List<String> out = new java.util.ArrayList<>(raw.size());
        for (JsonNode o : raw) {
            if (!o.isString()) {
                throw new MessageFormatException(f.name(field) + "[]", "an identifier");
            }
            out.add(o.stringValue());
        }
        return distinct(f.name(field), out, max);
    }
}
