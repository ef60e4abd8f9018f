package org.flotilla.operator.cli;

import picocli.CommandLine.Command;

/** {@code flotilla jobs …}: create, list, show, watch, cancel. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Create, list, show, follow and cancel jobs.",
        subcommands = {JobsCreate.class, JobsList.class, JobsShow.class, JobsWatch.class, JobsCancel.class})
final class JobsCommand extends GroupCommand {
}
