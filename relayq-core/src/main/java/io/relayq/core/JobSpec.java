package io.relayq.core;

import io.relayq.core.files.JobFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated job: what to run, where, and how to treat its outcome. Two submissions with the same
 * idempotency key must have equal specs.
 *
 * @param command a shell command run by {@code /bin/sh -c}; null when {@code argv} is given
 * @param argv a program and its arguments, run without a shell; null when {@code command} is given
 * @param env variables added to the worker's environment
 * @param cwd working directory on the worker, or null for the worker's job directory
 * @param stdin bytes fed to the process (UTF-8 text), or null for an empty stdin
 * @param worker the only worker name allowed to run the job, or null for any
 * @param labels labels the worker must all have
 * @param priority higher runs first; FIFO within one priority
 * @param runAt earliest start as an instant, or null
 * @param delay earliest start relative to submission, or null
 * @param timeout the longest one attempt may run before its process group is killed
 * @param leaseTtl how long a lease lives without a heartbeat before the job counts as lost
 * @param maxAttempts attempts in all, including the first
 * @param retryBackoff wait before the second attempt; doubled for each further one
 * @param retryExitCodes exit codes that mean "try again"
 * @param metadata free key/values for the submitter
 * @param template the template and parameter values the argv was expanded from, or null
 * @param preferLabels labels a worker should have; soft, for {@code preferWait} from the first start
 * @param preferWorker the worker name preferred for {@code preferWait}, or null
 * @param preferWait how long only a preferred worker may take the job, counted from its earliest
 *     start; null when nothing is preferred
 * @param group the concurrency group, or null
 * @param groupLimit at most this many jobs of {@code group} run at once, cluster-wide; null without
 *     a group
 * @param after ids of jobs that must all succeed before this one may start
 * @param secretEnv variables added to the environment like {@code env}, whose values are never
 *     shown: API answers carry {@link #redacted} specs. The store and the worker's lease have them.
 * @param inputs files downloaded into the job directory before the process starts
 * @param collect names of files in the job directory uploaded as outputs after the process ends
 */
public record JobSpec(
    String command,
    List<String> argv,
    Map<String, String> env,
    String cwd,
    String stdin,
    String worker,
    List<String> labels,
    int priority,
    Instant runAt,
    Duration delay,
    Duration timeout,
    Duration leaseTtl,
    int maxAttempts,
    Duration retryBackoff,
    Set<Integer> retryExitCodes,
    Map<String, String> metadata,
    TemplateUse template,
    List<String> preferLabels,
    String preferWorker,
    Duration preferWait,
    String group,
    Integer groupLimit,
    List<String> after,
    Map<String, String> secretEnv,
    List<JobFile> inputs,
    List<String> collect) {

  /** What API answers show in place of a secret env value. */
  public static final String SECRET = "<secret>";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(5);
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);
  public static final int DEFAULT_RETRIES = 2;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(10);
  /** EX_TEMPFAIL from sysexits.h: "try again later". */
  public static final Set<Integer> DEFAULT_RETRY_EXIT_CODES = Set.of(75);
  public static final Duration DEFAULT_PREFER_WAIT = Duration.ofMinutes(5);
  public static final int DEFAULT_GROUP_LIMIT = 1;

  public JobSpec {
    argv = argv == null ? null : List.copyOf(argv);
    env = Map.copyOf(env);
    labels = List.copyOf(labels);
    retryExitCodes = Set.copyOf(retryExitCodes);
    metadata = Map.copyOf(metadata);
    // specs stored before these fields existed read back with them absent
    preferLabels = preferLabels == null ? List.of() : List.copyOf(preferLabels);
    after = after == null ? List.of() : List.copyOf(after);
    secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    collect = collect == null ? List.of() : List.copyOf(collect);
  }

  /** This spec as API answers show it: each secret env value replaced by {@link #SECRET}. */
  public JobSpec redacted() {
    if (secretEnv.isEmpty()) {
      return this;
    }
    Map<String, String> hidden = new java.util.TreeMap<>();
    secretEnv.keySet().forEach(name -> hidden.put(name, SECRET));
    return new JobSpec(command, argv, env, cwd, stdin, worker, labels, priority, runAt, delay, timeout, leaseTtl,
        maxAttempts, retryBackoff, retryExitCodes, metadata, template, preferLabels, preferWorker, preferWait, group,
        groupLimit, after, hidden, inputs, collect);
  }

  /** True when some worker is preferred for a while: by labels, by name, or both. */
  public boolean hasPreference() {
    return preferWait != null && (!preferLabels.isEmpty() || preferWorker != null);
  }

  /**
   * Until when only a preferred worker may take the job, given when it was submitted; null when
   * nothing is preferred. The wait starts at the job's earliest start, so a delayed job still gets
   * its full wait.
   */
  public Instant preferUntil(Instant submittedAt) {
    return hasPreference() ? earliestStart(submittedAt).plus(preferWait) : null;
  }

  /** True when a worker with this name and these labels is one the job prefers. */
  public boolean isPreferred(String workerName, List<String> workerLabels) {
    return (preferWorker == null || preferWorker.equals(workerName)) && workerLabels.containsAll(preferLabels);
  }

  /** A copy that records the template its argv came from. */
  public JobSpec withTemplate(TemplateUse use) {
    return new JobSpec(command, argv, env, cwd, stdin, worker, labels, priority, runAt, delay, timeout, leaseTtl,
        maxAttempts, retryBackoff, retryExitCodes, metadata, use, preferLabels, preferWorker, preferWait, group,
        groupLimit, after, secretEnv, inputs, collect);
  }

  /** True when the job has input files or outputs to collect, so it needs a job directory of its own. */
  public boolean hasFiles() {
    return !inputs.isEmpty() || !collect.isEmpty();
  }

  /** The earliest moment the job may start, given when it was submitted. */
  public Instant earliestStart(Instant submittedAt) {
    if (runAt != null) {
      return runAt;
    }
    return delay == null ? submittedAt : submittedAt.plus(delay);
  }

  /** The wait before attempt {@code nextAttempt} (2 or more): backoff doubled each time, capped. */
  public Duration backoffBefore(int nextAttempt) {
    int doublings = Math.min(Math.max(nextAttempt - 2, 0), 20);
    Duration d = retryBackoff.multipliedBy(1L << doublings);
    return d.compareTo(MAX_RETRY_BACKOFF) > 0 ? MAX_RETRY_BACKOFF : d;
  }

  /** A short, human description of what runs: the command, or the argv joined by spaces. */
  public String displayCommand() {
    return command != null ? command : String.join(" ", argv);
  }
}
