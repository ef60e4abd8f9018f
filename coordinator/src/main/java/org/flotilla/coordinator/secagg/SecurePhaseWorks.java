package org.flotilla.coordinator.secagg;

import org.flotilla.coordinator.aggregation.Aggregator;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.round.RoundResults;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The four phases of a secure round as four cohort-work beans of the engine. */
@Configuration(proxyBeanMethods = false)
class SecurePhaseWorks {

    @Bean
    SecurePhaseWork secureKeysWork(JobRepository jobs, CohortRepository cohorts, SecureState state,
                                   OpenedSessions sessions, SecureRecords records, Aggregator aggregator,
                                   RoundResults results, FlotillaMetrics metrics) {
        return new SecurePhaseWork(SecurePhase.ADVERTISE_KEYS, jobs, cohorts, state, sessions, records, aggregator,
                results, metrics);
    }

    @Bean
    SecurePhaseWork secureSharesWork(JobRepository jobs, CohortRepository cohorts, SecureState state,
                                     OpenedSessions sessions, SecureRecords records, Aggregator aggregator,
                                   RoundResults results, FlotillaMetrics metrics) {
        return new SecurePhaseWork(SecurePhase.SHARE_KEYS, jobs, cohorts, state, sessions, records, aggregator,
                results, metrics);
    }

    @Bean
    SecurePhaseWork secureMaskedWork(JobRepository jobs, CohortRepository cohorts, SecureState state,
                                     OpenedSessions sessions, SecureRecords records, Aggregator aggregator,
                                   RoundResults results, FlotillaMetrics metrics) {
        return new SecurePhaseWork(SecurePhase.MASKED_INPUT, jobs, cohorts, state, sessions, records, aggregator,
                results, metrics);
    }

    @Bean
    SecurePhaseWork secureUnmaskWork(JobRepository jobs, CohortRepository cohorts, SecureState state,
                                     OpenedSessions sessions, SecureRecords records, Aggregator aggregator,
                                   RoundResults results, FlotillaMetrics metrics) {
        return new SecurePhaseWork(SecurePhase.UNMASKING, jobs, cohorts, state, sessions, records, aggregator,
                results, metrics);
    }
}
