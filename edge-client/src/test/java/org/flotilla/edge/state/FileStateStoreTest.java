package org.flotilla.edge.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.flotilla.edge.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {

    @TempDir
    Path dir;

    @Test
    void writesAtomicallyWithOwnerOnlyPermissions() throws IOException {
        StateStore store = FileStateStore.open(dir.resolve("state"));
        store.write("cache/a", "one".getBytes(StandardCharsets.UTF_8));
        store.write("cache/a", "two".getBytes(StandardCharsets.UTF_8));

        assertThat(store.read("cache/a")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("two"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root().resolve("cache/a"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root().resolve("cache"))))
                .isEqualTo("rwx------");
        assertThat(store.list("cache")).extracting(StateStore.StoredFile::fileName).containsExactly("a");
        assertThat(store.read("cache/missing")).isEmpty();
        assertThat(store.delete("cache/a")).isTrue();
        assertThat(store.list("cache")).isEmpty();
    }

    @Test
    void anUnsyncedWriteIsAsAtomicAndPrivateAsASyncedOne() throws IOException {
        StateStore store = FileStateStore.open(dir.resolve("state"));
        store.writeUnsynced("pending/u", "one".getBytes(StandardCharsets.UTF_8));
        store.writeUnsynced("pending/u", "two".getBytes(StandardCharsets.UTF_8));

        assertThat(store.read("pending/u")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("two"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root().resolve("pending/u"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root().resolve("pending"))))
                .isEqualTo("rwx------");
        assertThat(TestClients.files(store.root())).containsExactly("pending/u");
    }

    @Test
    void aFailedWriteLeavesNeitherATemporaryFileNorAChange() throws IOException {
        StateStore store = FileStateStore.open(dir);
        store.write("pending/x.json", "old".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("pending/blocked"));
        Files.writeString(dir.resolve("pending/blocked/inside"), "a non-empty directory cannot be replaced");

        assertThatThrownBy(() -> store.write("pending/blocked", new byte[100])).isInstanceOf(IOException.class);

        assertThat(TestClients.files(dir)).containsExactly("pending/blocked/inside", "pending/x.json");
        assertThat(Files.readString(dir.resolve("pending/x.json"))).isEqualTo("old");
    }

    @Test
    void temporaryFilesOfACrashedWriteAreRemovedOnOpen() throws IOException {
        Files.createDirectories(dir.resolve("cache"));
        Files.writeString(dir.resolve("cache/.abc.1234.tmp"), "half");
        Files.writeString(dir.resolve(".identity.json.99.tmp"), "half");

        FileStateStore.open(dir);

        assertThat(TestClients.files(dir)).isEmpty();
    }

    @Test
    void refusesNamesOutsideTheStateDirectory() throws IOException {
        StateStore store = FileStateStore.open(dir);
        assertThatThrownBy(() -> store.write("../escape", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityRoundTripsAndACorruptFileSaysWhatToDo() throws IOException {
        StateStore store = FileStateStore.open(dir);
        IdentityStore ids = new IdentityStore(store);
        Identity id = new Identity("c-7", "hunter2", "http://coordinator", "pi", Instant.parse("2026-01-01T00:00:00Z"));
        ids.save(id);
        assertThat(ids.load()).contains(id);
        assertThat(id.toString()).doesNotContain("hunter2");

        Files.writeString(dir.resolve(IdentityStore.FILE), "{not json");
        assertThatThrownBy(ids::load).isInstanceOf(StateCorruptException.class).hasMessageContaining("--re-enrol");
    }

    @Test
    void pendingEntriesWithDamagedOrMissingPartsAreRemoved() throws IOException {
        StateStore store = FileStateStore.open(dir);
        PendingUploads pending = new PendingUploads(store);
        byte[] update = {1, 2, 3};
        PendingUpload ok = new PendingUpload(1, 1, "c-1", "/u/1", "{}", org.flotilla.model.codec.Sha256.of(update),
                Instant.now(), Instant.now());
        PendingUpload damaged = new PendingUpload(1, 2, "c-1", "/u/2", "{}", org.flotilla.model.codec.Sha256.of(update),
                Instant.now(), Instant.now());
        pending.save(ok, update);
        pending.save(damaged, update);
        store.write("pending/job-1-round-2.update", new byte[] {9, 9, 9});
        store.write("pending/job-1-round-3.update", update);   // description never written

        assertThat(pending.load()).extracting(e -> e.upload().round()).containsExactly(1);
        assertThat(TestClients.files(dir)).containsExactly("pending/job-1-round-1.json", "pending/job-1-round-1.update");
    }

    @Test
    void aStateDirectoryOpenToOthersIsRefusedWithTheFix() throws Exception {
        Path open = java.nio.file.Files.createDirectories(dir.resolve("shared"));
        java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileStateStore.open(open))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("rwxr-xr-x").hasMessageContaining("chmod 700");
        assertThat(open.resolve("identity.json")).doesNotExist();
    }
}
