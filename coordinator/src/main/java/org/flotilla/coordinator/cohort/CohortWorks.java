package org.flotilla.coordinator.cohort;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** The kinds of cohort work the application context holds, by kind. */
@Component
class CohortWorks {

    private final Map<CohortKind, CohortWork> byKind = new HashMap<>();

    CohortWorks(List<CohortWork> works) {
        for (CohortWork w : works) {
            if (byKind.put(w.kind(), w) != null) {
                throw new IllegalStateException("two beans do the cohort work " + w.kind());
            }
        }
    }

    CohortWork of(CohortKind kind) {
        CohortWork w = byKind.get(kind);
        if (w == null) {
            throw new IllegalStateException("no bean does the cohort work " + kind);
        }
        return w;
    }

    /** Cohorts ordered as a checking-in client should consider them: by the kind's priority, then oldest first. */
    Comparator<Cohort> checkInOrder() {
        return Comparator.<Cohort>comparingInt(c -> of(c.kind()).priority()).thenComparingLong(Cohort::id);
    }
}
