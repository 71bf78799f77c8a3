package io.relayq.cli.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a service definition (systemd unit, launchd plist) says, checked once so the renderers
 * only have to write it down.
 *
 * @param kind worker or server
 * @param scope system or user
 * @param java the {@code java} the service runs
 * @param javaFeature that Java's feature version (21, 25...): from 22 on relayq notifies systemd
 *     from its own pid, on 21 through {@code systemd-notify}, which needs {@code NotifyAccess=all}
 * @param jar the relayq jar
 * @param commandArgs the relayq command and its flags, like {@code worker --drain-timeout 60s}
 * @param runAs the user a system service runs as; null for a user service
 * @param home the home directory of the user the service runs as: its config and state live there
 * @param nice the niceness of the service (its jobs add their own on top)
 * @param memoryMax systemd {@code MemoryMax=} for the service and all its jobs, or null
 * @param cpuQuota systemd {@code CPUQuota=} for the service and all its jobs, or null
 * @param stopTimeout how long the service may take to stop before whatever is left is killed
 * @param path {@code PATH} for the service and the jobs it runs
 */
public record ServiceSpec(
    ServiceKind kind,
    ServiceScope scope,
    Path java,
    int javaFeature,
    Path jar,
    List<String> commandArgs,
    String runAs,
    Path home,
    int nice,
    String memoryMax,
    String cpuQuota,
    Duration stopTimeout,
    String path) {

  /** The oldest Java relayq runs on. */
  public static final int MIN_JAVA = 21;
  /** The first Java on which relayq can send systemd notifications from its own process. */
  public static final int NOTIFY_FROM_MAIN_PID_JAVA = 22;

  private static final Pattern MEMORY = Pattern.compile("[0-9]+(\\.[0-9]+)?[KMGT]?|[0-9]{1,3}%|infinity");
  private static final Pattern CPU = Pattern.compile("[1-9][0-9]{0,5}%");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?", Pattern.CASE_INSENSITIVE);

  public ServiceSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    commandArgs = List.copyOf(commandArgs);
    if (javaFeature < MIN_JAVA) {
      throw new IllegalArgumentException(java + " is Java " + javaFeature + "; relayq needs Java " + MIN_JAVA
          + " or newer: pass another with --java PATH");
    }
    if (nice < -20 || nice > 19) {
      throw new IllegalArgumentException("--nice " + nice + " is out of range -20..19 (19 is the lowest priority)");
    }
    if (memoryMax != null && !MEMORY.matcher(memoryMax).matches()) {
      throw new IllegalArgumentException("--memory-max '" + memoryMax + "' is not a size: write it like 512M, 4G"
          + " or 50% (of the machine's memory)");
    }
    if (cpuQuota != null && !CPU.matcher(cpuQuota).matches()) {
      throw new IllegalArgumentException("--cpu-quota '" + cpuQuota + "' is not a percentage of one CPU: write it"
          + " like 50% (half a CPU) or 200% (two CPUs)");
    }
    if (scope == ServiceScope.SYSTEM && (runAs == null || !USER.matcher(runAs).matches())) {
      throw new IllegalArgumentException("a system service needs a valid user to run as, got '" + runAs + "'");
    }
    for (String value : textValues(java, jar, commandArgs, home, path)) {
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("a line break or NUL cannot go into a service definition: '"
            + value.replace("\n", "\\n") + "'");
      }
    }
  }

  /** The full command line: java, its flags, {@code -jar} and the relayq command. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>();
    argv.add(java.toString());
    argv.addAll(kind.jvmOptions());
    argv.add("-jar");
    argv.add(jar.toString());
    argv.addAll(commandArgs);
    return argv;
  }

  /** Whether the service notifies systemd from its main pid (Java 22+); else {@code NotifyAccess=all} is needed. */
  public boolean notifiesFromMainPid() {
    return javaFeature >= NOTIFY_FROM_MAIN_PID_JAVA;
  }

  /** Where the service's config file is: {@code HOME/.relayq/config.yml} of the user it runs as. */
  public Path configFile() {
    return home.resolve(".relayq").resolve("config.yml");
  }

  private static List<String> textValues(Path java, Path jar, List<String> args, Path home, String path) {
    List<String> all = new ArrayList<>(args);
    all.add(java.toString());
    all.add(jar.toString());
    all.add(home.toString());
    if (path != null) {
      all.add(path);
    }
    return all;
  }
}
