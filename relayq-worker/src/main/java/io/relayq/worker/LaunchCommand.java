package io.relayq.worker;

import io.relayq.core.JobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the argv that starts a job in a session (and so a process group) of its own at the
 * worker's niceness: {@code setsid nice -n N /bin/sh -c COMMAND}, or the job's argv in place of
 * the shell. Where {@code setsid} is missing (macOS) a one-line Perl program calls
 * {@code setpgrp} and execs the rest. Each program execs the next, so the pid the JVM sees is the
 * job's own process and the id of its group.
 *
 * <p>That holds because a child of the JVM is never a group leader; {@code setsid} would fork if
 * it were, and the pid would then be a parent that exits at once.
 */
final class LaunchCommand {
  private static final String PERL_SETPGRP =
      "setpgrp(0,0); exec { $ARGV[0] } @ARGV or die \"relayq: cannot run $ARGV[0]: $!\\n\"";

  private final List<String> groupPrefix;
  private final String nicePath;

  private LaunchCommand(List<String> groupPrefix, String nicePath) {
    this.groupPrefix = groupPrefix;
    this.nicePath = nicePath;
  }

  /**
   * Finds the programs on {@code path}.
   *
   * @throws IllegalStateException when neither {@code setsid} nor {@code perl}, or no {@code nice},
   *     is found: jobs could not be killed as a group or run at low priority
   */
  static LaunchCommand detect(String path) {
    Path setsid = LabelDetector.findExecutable("setsid", path);
    Path perl = LabelDetector.findExecutable("perl", path);
    Path nice = LabelDetector.findExecutable("nice", path);
    List<String> prefix;
    if (setsid != null) {
      prefix = List.of(setsid.toString());
    } else if (perl != null) {
      prefix = List.of(perl.toString(), "-e", PERL_SETPGRP, "--");
    } else {
      throw new IllegalStateException("neither setsid nor perl is on the worker's PATH (" + path + "):"
          + " one is needed to run each job in its own process group; install util-linux (setsid) or perl");
    }
    if (nice == null) {
      throw new IllegalStateException(
          "nice is not on the worker's PATH (" + path + "): install coreutils, it runs jobs at low priority");
    }
    return new LaunchCommand(prefix, nice.toString());
  }

  /** The full argv for {@code spec} at niceness {@code nice}. */
  List<String> argv(JobSpec spec, int nice) {
    List<String> argv = new ArrayList<>(groupPrefix);
    if (nice != 0) {
      argv.addAll(List.of(nicePath, "-n", Integer.toString(nice)));
    }
    if (spec.command() != null) {
      argv.addAll(List.of("/bin/sh", "-c", spec.command()));
    } else {
      argv.addAll(spec.argv());
    }
    return argv;
  }
}
