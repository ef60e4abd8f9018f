package org.flotilla.operator.cli;

import picocli.CommandLine.Command;

/** {@code flotilla model …}: global models. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Download global models.",
        subcommands = ModelGet.class)
final class ModelCommand extends GroupCommand {
}
