package org.flotilla.publisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.flotilla.model.bundle.BundleJar;
import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.signing.DetachedSignature;
import org.flotilla.model.signing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sign --key K FILE…}: writes {@code FILE.sig} next to each file. */
@Command(name = "sign", usageHelpAutoWidth = true,
        description = {"Signs files (bundle jars, plan JSON) with a publisher key: writes FILE.sig next to each, a"
                + " detached Ed25519 signature over the file's SHA-256. A .jar must be a valid bundle (its manifest is"
                + " checked first)."})
final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "the private key file written by keygen")
    Path key;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "files to sign")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        SigningKey signing = SigningKey.readPem(key);
        warnIfShared(key);
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new PublisherMain.BadInput(f + " is not a file");
            }
            String what = "";
            if (f.getFileName().toString().endsWith(".jar")) {
                BundleManifest m = BundleJar.readManifest(f).requireSupportedSpi();
                what = ", bundle " + m.label();
            }
            DetachedSignature sig = signing.sign(f);
            Path out = f.resolveSibling(f.getFileName() + DetachedSignature.SUFFIX);
            KeyFiles.replace(out, sig.toJson(), "rw-r--r--");
            spec.commandLine().getOut().println("signed " + f + " (sha256 " + sig.sha256() + what + ") with key "
                    + signing.id() + ": " + out);
        }
        spec.commandLine().getOut().flush();
        return PublisherExit.OK.code();
    }

    /** A private key others can read is a key others may have copied. */
    private void warnIfShared(Path keyFile) {
        try {
            var perms = Files.getPosixFilePermissions(keyFile);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                spec.commandLine().getErr().println("flotilla-publisher: warning: " + keyFile + " is readable by others (mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); run 'chmod 600 " + keyFile + "'");
                spec.commandLine().getErr().flush();
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
