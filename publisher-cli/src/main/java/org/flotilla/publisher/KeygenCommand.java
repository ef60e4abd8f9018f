package org.flotilla.publisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.flotilla.model.signing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keygen --out DIR}: a new Ed25519 publisher key pair. */
@Command(name = "keygen", usageHelpAutoWidth = true,
        description = {"Generates an Ed25519 publisher key pair: DIR/NAME.key (private key, mode 0600; keep it offline,"
                + " never on the coordinator) and DIR/NAME.pub (the public key devices trust). Prints the key id."})
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the two files (created if needed)")
    Path out;

    @Option(names = "--name", defaultValue = "publisher", paramLabel = "NAME",
            description = "file name stem (default: ${DEFAULT-VALUE})")
    String name;

    @Override
    public Integer call() throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new PublisherMain.BadInput("--name must be 1-64 letters, digits, '.', '_', '-' (was '" + name + "')");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new PublisherMain.BadInput(out + " is a file; --out names a folder");
        }
        Files.createDirectories(out);
        Path key = out.resolve(name + ".key");
        Path pub = out.resolve(name + ".pub");
        for (Path p : new Path[] {key, pub}) {
            if (Files.exists(p)) {
                throw new PublisherMain.BadInput(p + " already exists; choose another --out folder or --name,"
                        + " or remove it if you mean to replace that key");
            }
        }
        SigningKey k = SigningKey.generate();
        KeyFiles.createNew(key, KeyFiles.utf8(k.toPem()), "rw-------");
        KeyFiles.createNew(pub, KeyFiles.utf8(k.publisherKey().toPem()), "rw-r--r--");
        spec.commandLine().getOut().println("key id " + k.id() + ": private key " + key + " (mode 0600, keep it offline),"
                + " public key " + pub + " (give this one to devices)");
        spec.commandLine().getOut().flush();
        return PublisherExit.OK.code();
    }
}
