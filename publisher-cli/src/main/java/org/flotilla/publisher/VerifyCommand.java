package org.flotilla.publisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.flotilla.model.signing.SignatureVerifier;
import org.flotilla.model.signing.TrustedKeys;
import org.flotilla.model.signing.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify --trust PEM FILE}: checks a signature as a device does. */
@Command(name = "verify", usageHelpAutoWidth = true,
        description = {"Checks FILE's signature (FILE.sig unless --signature names another) against trusted public"
                + " keys, as a device does. Exit 0 when trusted; 3 no signature, 4 untrusted key, 5 bad signature."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--trust", required = true, paramLabel = "PEM",
            description = "trusted public keys: a PEM file of PUBLIC KEY blocks, or a folder of *.pem / *.pub files")
    Path trust;

    @Option(names = "--signature", paramLabel = "SIG", description = "the signature file (default: FILE.sig)")
    Path signature;

    @Parameters(index = "0", paramLabel = "FILE", description = "the signed file")
    Path file;

    @Override
    public Integer call() throws IOException {
        TrustedKeys keys = TrustedKeys.load(trust);
        if (!Files.isRegularFile(file)) {
            throw new PublisherMain.BadInput(file + " is not a file");
        }
        Verification v = new SignatureVerifier(keys).verify(file, signature);
        PublisherExit exit = switch (v.status()) {
            case TRUSTED -> PublisherExit.OK;
            case MISSING -> PublisherExit.MISSING_SIGNATURE;
            case UNTRUSTED_KEY -> PublisherExit.UNTRUSTED_KEY;
            case BAD_SIGNATURE -> PublisherExit.BAD_SIGNATURE;
        };
        if (exit == PublisherExit.OK) {
            spec.commandLine().getOut().println("trusted: " + file + " is " + v.detail());
            spec.commandLine().getOut().flush();
        } else {
            spec.commandLine().getErr().println("flotilla-publisher: " + file + " is not trusted ("
                    + v.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): " + v.detail());
            spec.commandLine().getErr().flush();
        }
        return exit.code();
    }
}
