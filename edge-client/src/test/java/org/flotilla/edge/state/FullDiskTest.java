package org.flotilla.edge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.flotilla.edge.ExitStatus;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.round.RoundOutcome;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.LogCapture;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk under the state directory, injected through the {@link StateStore} abstraction. */
class FullDiskTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 9);

    @TempDir
    Path state;

    /** Delegates to a real store but fails the writes {@code full} selects, as ENOSPC would. */
    static final class FullDisk implements StateStore {
        private final StateStore real;
        private final Predicate<String> full;

        FullDisk(StateStore real, Predicate<String> full) {
            this.real = real;
            this.full = full;
        }

        @Override
        public Path root() {
            return real.root();
        }

        @Override
        public Optional<byte[]> read(String name) throws IOException {
            return real.read(name);
        }

        @Override
        public void write(String name, byte[] content) throws IOException {
            if (full.test(name)) {
                throw new IOException("No space left on device");
            }
            real.write(name, content);
        }

        @Override
        public boolean delete(String name) throws IOException {
            return real.delete(name);
        }

        @Override
        public List<StoredFile> list(String directory) throws IOException {
            return real.list(directory);
        }
    }

    @Test
    void aRoundStillCompletesFromMemoryWhenCacheAndPendingCannotBeWritten() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator(); LogCapture logs = new LogCapture()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());
            StateStore store = new FullDisk(TestClients.store(state), n -> !n.equals(IdentityStore.FILE));

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1, new StopSignal(), store);

            assertThat(r.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            assertThat(logs.warnings()).filteredOn(m -> m.contains("No space left on device"))
                    .hasSize(3)   // plan and weights not cached, update not kept in pending/
                    .allSatisfy(m -> assertThat(m).containsAnyOf("from memory", "without a copy on disk"));
            assertThat(logs.anyThrowable()).isFalse();
            assertThat(TestClients.files(state)).containsExactly(IdentityStore.FILE);
        }
    }

    @Test
    void anIdentityThatCannotBeStoredEndsTheClientWithOneClearLine() throws Exception {
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());
            StateStore store = new FullDisk(TestClients.store(state), n -> true);

            RunResult r = TestClients.run(TestClients.config(fake.uri(), state, 1), DATA, 1, new StopSignal(), store);

            assertThat(r.status()).isEqualTo(ExitStatus.STATE_UNWRITABLE);
            assertThat(r.status().code()).isEqualTo(4);
            assertThat(r.message()).contains(state.toString()).contains("No space left on device")
                    .contains("identity.json").doesNotContain("\n");
            assertThat(TestClients.files(state)).isEmpty();
        }
    }
}
