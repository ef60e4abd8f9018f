package org.flotilla.edge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.flotilla.edge.config.ConfigResolver;
import org.flotilla.edge.config.Setting;
import org.flotilla.edge.state.ArtifactCache;
import org.flotilla.edge.state.FileStateStore;
import org.flotilla.edge.state.Identity;
import org.flotilla.edge.state.IdentityStore;
import org.flotilla.edge.state.PendingUpload;
import org.flotilla.edge.state.PendingUploads;
import org.flotilla.edge.state.StateStore;
import org.flotilla.model.json.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code edge-client status}: what the state directory holds, without contacting anyone. */
@Command(name = "status", description = "Show the enrolment, cached artifacts and pending uploads in the state directory.")
public final class StatusCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;
    @Option(names = "--state-dir", paramLabel = "D", description = "State directory.")
    String stateDir;
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (for state-dir).")
    String config;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    public StatusCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        Map<Setting, String> cli = new EnumMap<>(Setting.class);
        if (stateDir != null) {
            cli.put(Setting.STATE_DIR, stateDir);
        }
        Path dir = ConfigResolver.of(cli, config, env).stateDir();
        PrintWriter out = spec.commandLine().getOut();
        out.println("state directory: " + dir);
        if (!Files.isDirectory(dir)) {
            out.println("enrolment: none (not enrolled: the state directory does not exist yet)");
            out.flush();
            return 0;
        }
        StateStore store = FileStateStore.open(dir);
        Optional<Identity> id = new IdentityStore(store).load();
        out.println("enrolment: " + id.map(i -> "client " + i.clientId() + " at " + String.join(",", i.deployment()) + ", name "
                + i.name() + ", enrolled " + i.enrolledAt()).orElse("none (not enrolled yet)"));
        var cached = new ArtifactCache(store, 8).entries();
        out.println("cached artifacts: " + cached.size());
        for (StateStore.StoredFile f : cached) {
            out.printf("  %s  %,d bytes  %s%n", f.fileName(), f.size(), f.modified());
        }
        var pending = new PendingUploads(store).files().stream().filter(f -> f.name().endsWith(".json")).toList();
        out.println("pending uploads: " + pending.size());
        for (StateStore.StoredFile f : pending) {
            PendingUpload p = WireJson.read(store.read(f.name()).orElseThrow(), PendingUpload.class);
            long bytes = store.list(PendingUploads.DIR).stream()
                    .filter(g -> g.fileName().equals(p.key() + ".update")).mapToLong(StateStore.StoredFile::size).sum();
            out.printf("  job %d round %d  %,d bytes  finished %s  deadline %s%n", p.jobId(), p.round(), bytes,
                    p.createdAt(), p.deadline());
        }
        out.flush();
        return 0;
    }
}
