package org.flotilla.operator.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar's implementation version (the Maven project version). */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"flotilla operator " + (v == null ? "(development build)" : v)};
    }
}
