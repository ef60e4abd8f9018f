package org.flotilla.crash;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash-consistency suite in {@code verify}: five cycles of eleven SIGKILLs of the real
 * coordinator process (55 kills, every {@link KillPoint} five times), each followed by a restart on
 * the same data directory and a full check of everything acknowledged before it. With
 * {@code FLOTILLA_TEST_DB_URL} set the same campaign runs on that PostgreSQL scratch database.
 */
class CrashConsistencyIT {

    @Test
    void noAcknowledgedChangeIsLostWhereverTheCoordinatorIsKilled() throws Exception {
        CampaignSettings settings = CampaignSettings.fromSystem(5);

        Report report = Campaign.run(settings); // throws a Violation at the first lost or half-written change

        System.out.print(report.render());
        assertThat(report.kills()).isEqualTo(settings.kills()).isGreaterThanOrEqualTo(50);
        for (KillPoint k : KillPoint.values()) {
            assertThat(report.point(k).kills()).as(k.description()).isEqualTo(settings.cycles());
            assertThat(report.point(k).hits()).as("kills that hit the moment " + k.description()).isPositive();
        }
        assertThat(report.point(KillPoint.AFTER_UPDATE_ACCEPTED).maxDelayMs()).as("kill within a few ms of the 201").isLessThan(20);
        assertThat(report.jobsCompleted()).isEqualTo(settings.cycles());
        assertThat(report.roundsVerified()).isEqualTo(settings.cycles() * Campaign.ROUNDS);
        assertThat(report.audit().consistent()).isTrue();
        assertThat(report.audit().filesWithoutRow()).isEmpty();
    }
}
