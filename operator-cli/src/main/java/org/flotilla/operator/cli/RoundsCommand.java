package org.flotilla.operator.cli;

import picocli.CommandLine.Command;

/** {@code flotilla rounds …}: one round in detail. */
@Command(name = "rounds", mixinStandardHelpOptions = true, description = "Read rounds.", subcommands = RoundsShow.class)
final class RoundsCommand extends GroupCommand {
}
