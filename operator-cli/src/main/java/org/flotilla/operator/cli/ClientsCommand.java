package org.flotilla.operator.cli;

import picocli.CommandLine.Command;

/** {@code flotilla clients …}: the client registry. */
@Command(name = "clients", mixinStandardHelpOptions = true, description = "Read the client registry.",
        subcommands = ClientsList.class)
final class ClientsCommand extends GroupCommand {
}
