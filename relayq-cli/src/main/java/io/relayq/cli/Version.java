package io.relayq.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code relayq --version}: the version the jar was built as. */
final class Version implements IVersionProvider {
  /** The build's version, or {@code dev} when run from classes rather than the jar. */
  static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"relayq " + current() + " (Java " + Runtime.version().feature() + ")"};
  }
}
