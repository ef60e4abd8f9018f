package org.flotilla.coordinator.monitor;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.flotilla.coordinator.client.Client;
import org.flotilla.coordinator.client.ClientService;
import org.flotilla.coordinator.client.ClientStatus;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortEvents;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.round.TrainingWork;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The meters operators read beside the round records: how long each training round spent
 * selecting and training (timed by the replica that ended the phase, from the cohort's committed
 * timestamps, so every phase is counted once across replicas), and gauges of the rounds in
 * progress, the running jobs and the clients by status, read from the database when scraped.
 */
@Component
class RoundMeters {

    private static final Logger log = LoggerFactory.getLogger(RoundMeters.class);
    private static final Duration GAUGE_AGE = Duration.ofSeconds(5);
    private static final List<CohortState> UNFINISHED = List.of(CohortState.SELECTION, CohortState.WORKING,
            CohortState.CLOSING);

    private final CohortRepository cohorts;
    private final FlotillaMetrics metrics;

    RoundMeters(CohortRepository cohorts, JobRepository jobs, ClientService clients, FlotillaMetrics metrics) {
        this.cohorts = cohorts;
        this.metrics = metrics;
        metrics.gauges("flotilla.rounds.in.progress", "Training round attempts not finished, by state", "state",
                List.of("selection", "training", "aggregating"), () -> cohorts.inStates(UNFINISHED).stream()
                        .filter(c -> c.kind().equals(TrainingWork.KIND))
                        .collect(Collectors.groupingBy(c -> lower(TrainingWork.stateName(c.state())),
                                Collectors.counting())), GAUGE_AGE);
        metrics.gauge("flotilla.jobs.running", "Jobs running", () -> jobs.inState(JobState.RUNNING).size());
        metrics.gauges("flotilla.clients", "Enrolled clients by registry status", "status",
                Arrays.stream(ClientStatus.values()).map(s -> lower(s.name())).toList(),
                () -> byStatus(clients.list()), GAUGE_AGE);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTransition(CohortEvents.StateChanged e) {
        if (e.from() != CohortState.SELECTION && e.from() != CohortState.WORKING) {
            return;
        }
        try {
            cohorts.find(e.cohortId()).filter(c -> c.kind().equals(TrainingWork.KIND)).ifPresent(c -> record(c, e));
        } catch (RuntimeException ex) {
            log.warn("Could not time a phase of cohort {}: {}", e.cohortId(), ex.toString());
        }
    }

    private void record(Cohort c, CohortEvents.StateChanged e) {
        if (e.from() == CohortState.SELECTION && c.openedAt() != null) {
            metrics.roundPhaseTook(FlotillaMetrics.Phase.SELECTION, Duration.between(c.openedAt(), e.at()));
        } else if (e.from() == CohortState.WORKING && c.workStartedAt() != null) {
            metrics.roundPhaseTook(FlotillaMetrics.Phase.TRAINING, Duration.between(c.workStartedAt(), e.at()));
        }
    }

    private static Map<String, Integer> byStatus(List<Client> clients) {
        Map<ClientStatus, Integer> counts = new EnumMap<>(ClientStatus.class);
        clients.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        return counts.entrySet().stream().collect(Collectors.toMap(x -> lower(x.getKey().name()), Map.Entry::getValue));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
