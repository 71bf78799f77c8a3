package io.relayq.core;

import java.util.List;
import java.util.Map;

/**
 * A job as a client sends it: every field optional but one of {@code command} and {@code argv}.
 * {@link JobSpecValidator} turns it into a {@link JobSpec} with every default filled in.
 * Durations are strings such as {@code 30s}, {@code 10m}, {@code 5h}.
 */
public record JobSubmission(
    String command,
    List<String> argv,
    Map<String, String> env,
    String cwd,
    String stdin,
    String worker,
    List<String> labels,
    Integer priority,
    String runAt,
    String delay,
    String timeout,
    String lease,
    Integer retries,
    String retryBackoff,
    List<Integer> retryExitCodes,
    String key,
    Map<String, String> metadata) {

  /** A shell command with every other field left to its default. */
  public static JobSubmission ofCommand(String command) {
    return new JobSubmission(command, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }
}
