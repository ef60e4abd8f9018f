package org.flotilla.crash;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash-consistency suite in {@code verify}: five cycles of eleven SIGKILLs of the real
 * coordinator process (55 kills, every {@link KillPoint} five times), each followed by a restart on
 * the same data directory and a full check of everything acknowledged before it (the enrolment
 * point kills a burst of {@value EnrolmentBurst#SIZE} concurrent enrolments just after its first 201,
 * with others of it still in flight, so that a group commit is cut short). With
 * {@code FLOTILLA_TEST_DB_URL} set (CI sets it, see scripts/test-postgres.sh) the last
 * {@code crash.postgresCycles} cycles (default 1) run as a second campaign on that PostgreSQL
 * scratch database and the others on the embedded H2 one, so both are covered in the same time.
 */
class CrashConsistencyIT {

    @Test
    void noAcknowledgedChangeIsLostWhereverTheCoordinatorIsKilled() throws Exception {
        CampaignSettings settings = CampaignSettings.fromSystem(5);
        List<CampaignSettings> campaigns = new ArrayList<>();
        int onPostgres = settings.dbUrl() == null ? 0 : Math.min(settings.cycles(), Integer.getInteger("crash.postgresCycles", 1));
        if (settings.cycles() > onPostgres) {
            campaigns.add(settings.onH2().withCycles(settings.cycles() - onPostgres));
        }
        if (onPostgres > 0) {
            campaigns.add(settings.withCycles(onPostgres));
        }

        List<Report> reports = new ArrayList<>();
        for (CampaignSettings campaign : campaigns) {
            Report report = Campaign.run(campaign); // throws a Violation at the first lost or half-written change
            System.out.println(campaign.dbUrl() == null ? "embedded H2:" : "PostgreSQL:");
            System.out.print(report.render());
            assertThat(report.kills()).isEqualTo(campaign.kills());
            for (KillPoint k : KillPoint.values()) {
                assertThat(report.point(k).kills()).as(k.description()).isEqualTo(campaign.cycles());
            }
            assertThat(report.point(KillPoint.AFTER_UPDATE_ACCEPTED).maxDelayMs()).as("kill within a few ms of the 201").isLessThan(20);
            assertThat(report.point(KillPoint.AFTER_ENROLMENT_BURST).maxDelayMs()).as("kill within a few ms of the burst's first 201")
                    .isLessThan(20);
            Report.Bursts bursts = report.bursts();
            assertThat(bursts.enrolments()).isEqualTo(campaign.cycles() * EnrolmentBurst.SIZE);
            assertThat(bursts.acknowledgedBeforeKill()).as("acknowledged enrolments of the bursts before their kills")
                    .isGreaterThanOrEqualTo(campaign.cycles());
            assertThat(bursts.acknowledged() + bursts.notAcknowledged()).isEqualTo(bursts.enrolments());
            assertThat(report.jobsCompleted()).isEqualTo(campaign.cycles());
            assertThat(report.roundsVerified()).isEqualTo(campaign.cycles() * Campaign.ROUNDS);
            assertThat(report.audit().consistent()).isTrue();
            assertThat(report.audit().filesWithoutRow()).isEmpty();
            reports.add(report);
        }
        assertThat(reports.stream().mapToInt(r -> r.bursts().inFlightAtKill()).sum())
                .as("enrolment bursts killed with enrolments still in flight").isPositive();
        assertThat(reports.stream().mapToInt(Report::kills).sum()).isEqualTo(settings.kills()).isGreaterThanOrEqualTo(50);
        for (KillPoint k : KillPoint.values()) {
            assertThat(reports.stream().mapToInt(r -> r.point(k).hits()).sum())
                    .as("kills that hit the moment " + k.description()).isPositive();
        }
    }
}
