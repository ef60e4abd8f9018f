package org.flotilla.coordinator.events;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobState;
import org.springframework.stereotype.Component;

/**
 * What was last announced of each cohort, job and client. The same change can be seen twice — by
 * this replica's listener and by the poller reading the database — and is announced once. Cohorts
 * and jobs only move forward (states in order, counters that only grow), so a read older than what
 * was announced is recognised and never announced: a consumer never sees a round go back.
 * Bounded: the marks of the least recently seen cohorts and jobs are forgotten first.
 */
@Component
class ChangeTracker {

    private static final int MAX_COHORTS = 8192;
    private static final int MAX_JOBS = 2048;

    /** A cohort's progress: the state's rank and its counters. */
    private record CohortMark(int rank, int assigned, int reported, int declined) {

        static CohortMark of(Cohort c) {
            return new CohortMark(stateRank(c.state()), c.assigned(), c.reported(), c.declined());
        }

        boolean isAhead(CohortMark o) {
            if (rank != o.rank) {
                return rank > o.rank;
            }
            boolean notBehind = assigned >= o.assigned && reported >= o.reported && declined >= o.declined;
            return notBehind && (assigned > o.assigned || reported > o.reported || declined > o.declined);
        }

        boolean open() {
            return rank < stateRank(CohortState.COMPLETED);
        }
    }

    private record JobMark(int rank, int completedRounds) {

        static JobMark of(Job j) {
            return new JobMark(j.state() == JobState.CREATED ? 0 : j.state() == JobState.RUNNING ? 1 : 2,
                    j.completedRounds());
        }

        boolean isAhead(JobMark o) {
            return rank > o.rank || rank == o.rank && completedRounds > o.completedRounds;
        }

        boolean open() {
            return rank < 2;
        }
    }

    private final Map<Long, CohortMark> cohorts = lru(MAX_COHORTS);
    private final Map<Long, JobMark> jobs = lru(MAX_JOBS);
    private final Map<String, String> clients = new HashMap<>();

    /** Records the cohort as seen; true when it moved on since last seen (or was not seen before). */
    synchronized boolean advance(Cohort c) {
        CohortMark next = CohortMark.of(c);
        CohortMark prev = cohorts.get(c.id());
        if (prev != null && !next.isAhead(prev)) {
            return false;
        }
        cohorts.put(c.id(), next);
        return true;
    }

    /** Records the job as seen; true when it moved on (state, completed rounds) or was not seen before. */
    synchronized boolean advance(Job j) {
        JobMark next = JobMark.of(j);
        JobMark prev = jobs.get(j.id());
        if (prev != null && !next.isAhead(prev)) {
            return false;
        }
        jobs.put(j.id(), next);
        return true;
    }

    /** Records a client's status; returns the one recorded before, null for a client not seen before. */
    synchronized String client(String clientId, String status) {
        return clients.put(clientId, status);
    }

    /** Ids of the cohorts last seen unfinished. */
    synchronized List<Long> openCohorts() {
        return cohorts.entrySet().stream().filter(e -> e.getValue().open()).map(Map.Entry::getKey).toList();
    }

    /** Ids of the jobs last seen unfinished. */
    synchronized List<Long> openJobs() {
        return jobs.entrySet().stream().filter(e -> e.getValue().open()).map(Map.Entry::getKey).toList();
    }

    /** Forgets everything (nobody listens; the next listener starts from a fresh reading). */
    synchronized void clear() {
        cohorts.clear();
        jobs.clear();
        clients.clear();
    }

    private static int stateRank(CohortState s) {
        return switch (s) {
            case SELECTION -> 0;
            case WORKING -> 1;
            case CLOSING -> 2;
            case COMPLETED, FAILED -> 3;
        };
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
