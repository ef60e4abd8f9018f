package org.flotilla.coordinator.system.h2;

import javax.sql.DataSource;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/** The running coordinator on its embedded default: the URL and the data source that make a 2xx durable. */
class H2DurabilityTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    Environment env;

    @Test
    void anEnrolmentIsSyncedBeforeItsAnswer() {
        assertThat(env.getProperty("spring.datasource.url")).contains(";WRITE_DELAY=0;").contains(";FILE_LOCK=FS;");
        assertThat(dataSource).isInstanceOf(SyncOnCommitDataSource.class);
        SyncOnCommitDataSource synced = (SyncOnCommitDataSource) dataSource;
        long before = synced.durableCommits();

        enrol("durable", Blobs.sample(10, 1)); // asserts the 201

        assertThat(synced.durableCommits()).isGreaterThan(before);
        assertThat(admin().getRaw("/actuator/prometheus").body()).contains("flotilla_db_syncs_total");
    }
}
