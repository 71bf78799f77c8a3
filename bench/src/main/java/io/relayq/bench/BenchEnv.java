package io.relayq.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every scenario needs: the programs to run, where to put files, the process supervisor and
 * the run's size.
 *
 * @param java the {@code java} binary for every process started
 * @param relayqJar the product's runnable jar, {@code relayq-cli/target/relayq.jar}
 * @param benchJar this harness's jar, for the helper mains
 * @param launcher the product's launcher script, {@code ./relayq}
 * @param tmpDir scratch space for data directories, logs and recordings
 * @param jfr whether the dispatch coordinator records a flight recording
 */
record BenchEnv(
    Path root,
    Path java,
    Path relayqJar,
    Path benchJar,
    Path launcher,
    Path tmpDir,
    LauncherFlags flags,
    Processes processes,
    Profile profile,
    boolean jfr) {

  /** {@code java FLAGS -jar relayq.jar ARGS}: relayq as its launcher runs it. */
  List<String> relayq(List<String> jvmFlags, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmFlags);
    cmd.add("-jar");
    cmd.add(relayqJar.toString());
    cmd.addAll(args);
    return cmd;
  }

  /** {@code java FLAGS -cp relayq-bench.jar MAIN ARGS}: one of the harness's helper processes. */
  List<String> helper(List<String> jvmFlags, Class<?> main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmFlags);
    // sqlite-jdbc loads its native library; -jar gets this from the manifest, -cp does not
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(benchJar.toString());
    cmd.add(main.getName());
    cmd.addAll(args);
    return cmd;
  }

  /** The JDK's {@code jcmd} beside {@link #java}. */
  Path jcmd() {
    return java.resolveSibling("jcmd");
  }
}
