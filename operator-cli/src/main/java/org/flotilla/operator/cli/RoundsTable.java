package org.flotilla.operator.cli;

import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import org.flotilla.operator.render.Format;
import org.flotilla.operator.render.Table;
import tools.jackson.databind.JsonNode;

/** A job's round attempts as a table (used by {@code jobs show}). */
final class RoundsTable {

    private RoundsTable() {
    }

    static Table of(JsonNode rounds) {
        Table t = new Table().number("round").text("state").number("clients").number("drop").number("late")
                .number("decl").number("train loss").number("test acc").number("fed acc").number("select s")
                .number("train s").number("aggr s").number("eval s").text("outcome");
        for (JsonNode n : rounds) {
            Views.Round r = Json.convert(n, Views.Round.class);
            Views.Result res = r.result();
            Views.Timings tm = r.timings();
            Views.Federated f = r.federatedEvaluation();
            String fed = f == null ? null : "COMPLETED".equals(f.state()) ? Format.figure(f.accuracy())
                    : f.state().toLowerCase(java.util.Locale.ROOT);
            t.row(r.attempt() > 1 ? r.round() + "." + r.attempt() : r.round(), r.state(), r.reported() + "/" + r.selected(),
                    r.dropped(), r.late(), r.declined(), Format.figure(res == null ? null : res.trainLoss()),
                    Format.figure(res == null ? null : res.testAccuracy()), fed,
                    Format.seconds(tm == null ? null : tm.selectionSeconds()),
                    Format.seconds(tm == null ? null : tm.trainingSeconds()),
                    Format.seconds(tm == null ? null : tm.aggregationSeconds()),
                    Format.seconds(tm == null ? null : tm.evaluationSeconds()), r.outcome());
        }
        return t;
    }
}
