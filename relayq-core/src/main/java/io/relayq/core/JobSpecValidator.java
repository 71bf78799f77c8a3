package io.relayq.core;

import io.relayq.core.files.FileNames;
import io.relayq.core.files.JobFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a {@link JobSubmission} once, at the edge, and fills in defaults. Bounds are errors, never
 * silent truncation.
 */
public final class JobSpecValidator {
  public static final int MAX_COMMAND_BYTES = 128 * 1024;
  public static final int MAX_ARGV = 4096;
  public static final int MAX_ENV_BYTES = 128 * 1024;
  public static final int MAX_STDIN_BYTES = 1024 * 1024;
  public static final int MAX_METADATA_ENTRIES = 64;
  public static final int MAX_METADATA_BYTES = 64 * 1024;
  public static final int MAX_KEY_LENGTH = 256;
  public static final int MIN_PRIORITY = -1000;
  public static final int MAX_PRIORITY = 1000;
  public static final int MAX_RETRIES = 100;
  public static final Duration MAX_TIMEOUT = Duration.ofDays(30);
  public static final Duration MIN_LEASE = Duration.ofSeconds(1);
  public static final Duration MAX_LEASE = Duration.ofHours(24);
  public static final Duration MAX_DELAY = Duration.ofDays(366);
  public static final int MAX_GROUP_LIMIT = 10_000;
  /** How far in the past a start time may be (clock skew between machines) before it is refused. */
  public static final Duration PAST_START_TOLERANCE = Duration.ofMinutes(1);
  public static final int MAX_DEPENDENCIES = 100;
  /** Input files per job, and outputs per job. */
  public static final int MAX_FILES = 100;
  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
  private static final Pattern WORKER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private JobSpecValidator() {}

  /** Validates a submission; throws {@link InvalidJobException} naming the first bad field. */
  public static JobSpec validate(JobSubmission s) {
    if (s == null) {
      throw new InvalidJobException("body", "a job is required, like {\"command\": \"echo hi\"}");
    }
    if (s.template() != null || s.params() != null) {
      throw new InvalidJobException(s.template() != null ? "template" : "params",
          s.template() != null ? "a template job is expanded by the coordinator before it is validated"
              : "params are only used with a template; name one in the template field");
    }
    String command = s.command();
    List<String> argv = s.argv();
    if (command != null && argv != null) {
      throw new InvalidJobException("command", "give either command or argv, not both");
    }
    if (command == null && argv == null) {
      throw new InvalidJobException("command", "a command (or argv) is required, like \"echo hi\"");
    }
    if (command != null) {
      if (command.isBlank()) {
        throw new InvalidJobException("command", "the command is empty");
      }
      checkBytes("command", command, MAX_COMMAND_BYTES);
      checkNoNul("command", command);
    } else {
      if (argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
        throw new InvalidJobException("argv", "argv needs at least a program name");
      }
      if (argv.size() > MAX_ARGV) {
        throw new InvalidJobException("argv", "at most " + MAX_ARGV + " arguments");
      }
      int total = 0;
      for (String a : argv) {
        if (a == null) {
          throw new InvalidJobException("argv", "arguments cannot be null");
        }
        checkNoNul("argv", a);
        total += a.getBytes(StandardCharsets.UTF_8).length;
      }
      if (total > MAX_COMMAND_BYTES) {
        throw new InvalidJobException("argv", "arguments are " + total + " bytes, at most " + MAX_COMMAND_BYTES);
      }
    }
    Map<String, String> env = env("env", s.env());
    Map<String, String> secretEnv = env("secretEnv", s.secretEnv());
    for (String name : secretEnv.keySet()) {
      if (env.containsKey(name)) {
        throw new InvalidJobException("secretEnv", "variable " + name + " is in both env and secretEnv; give it once");
      }
    }
    if (envBytes(env) + envBytes(secretEnv) > MAX_ENV_BYTES) {
      throw new InvalidJobException("env", "env and secretEnv are " + (envBytes(env) + envBytes(secretEnv))
          + " bytes together, at most " + MAX_ENV_BYTES);
    }
    String cwd = s.cwd();
    if (cwd != null) {
      if (cwd.isBlank()) {
        throw new InvalidJobException("cwd", "the working directory is empty; leave it out for the default");
      }
      checkNoNul("cwd", cwd);
      checkBytes("cwd", cwd, 4096);
    }
    if (s.stdin() != null) {
      checkBytes("stdin", s.stdin(), MAX_STDIN_BYTES);
    }
    String worker = s.worker();
    if (worker != null && !WORKER_NAME.matcher(worker).matches()) {
      throw new InvalidJobException(
          "worker", "invalid worker name '" + worker + "': 1-64 letters, digits, '.', '_' or '-'");
    }
    List<String> labels;
    try {
      labels = Labels.normalize(s.labels());
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException("labels", e.getMessage());
    }
    int priority = s.priority() == null ? 0 : s.priority();
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new InvalidJobException(
          "priority", priority + " is out of range " + MIN_PRIORITY + ".." + MAX_PRIORITY);
    }
    Instant runAt = null;
    if (s.runAt() != null) {
      try {
        runAt = Instant.parse(s.runAt());
      } catch (DateTimeParseException e) {
        throw new InvalidJobException("runAt", "'" + s.runAt() + "' is not an ISO-8601 instant like 2026-12-01T03:00:00Z");
      }
    }
    Duration delay = s.delay() == null ? null : duration("delay", s.delay(), Duration.ZERO, MAX_DELAY);
    if (runAt != null && delay != null) {
      throw new InvalidJobException("delay", "give either runAt or delay, not both");
    }
    Duration timeout = s.timeout() == null
        ? JobSpec.DEFAULT_TIMEOUT
        : duration("timeout", s.timeout(), Duration.ofSeconds(1), MAX_TIMEOUT);
    Duration lease = s.lease() == null
        ? JobSpec.DEFAULT_LEASE_TTL
        : duration("lease", s.lease(), MIN_LEASE, MAX_LEASE);
    int retries = s.retries() == null ? JobSpec.DEFAULT_RETRIES : s.retries();
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new InvalidJobException("retries", retries + " is out of range 0.." + MAX_RETRIES);
    }
    Duration backoff = s.retryBackoff() == null
        ? JobSpec.DEFAULT_RETRY_BACKOFF
        : duration("retryBackoff", s.retryBackoff(), Duration.ZERO, JobSpec.MAX_RETRY_BACKOFF);
    Set<Integer> retryCodes = JobSpec.DEFAULT_RETRY_EXIT_CODES;
    if (s.retryExitCodes() != null) {
      TreeSet<Integer> codes = new TreeSet<>();
      for (Integer c : s.retryExitCodes()) {
        if (c == null || c < 1 || c > 255) {
          throw new InvalidJobException("retryExitCodes", "exit codes are 1..255, got " + c);
        }
        codes.add(c);
      }
      retryCodes = codes;
    }
    String key = s.key();
    if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
      throw new InvalidJobException("key", "an idempotency key is 1-" + MAX_KEY_LENGTH + " characters");
    }
    Map<String, String> metadata = metadata(s.metadata());
    List<String> prefer;
    try {
      prefer = Labels.normalize(s.prefer());
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException("prefer", e.getMessage());
    }
    String preferWorker = s.preferWorker();
    if (preferWorker != null && !WORKER_NAME.matcher(preferWorker).matches()) {
      throw new InvalidJobException("preferWorker",
          "invalid worker name '" + preferWorker + "': 1-64 letters, digits, '.', '_' or '-'");
    }
    boolean prefers = !prefer.isEmpty() || preferWorker != null;
    if (s.preferWait() != null && !prefers) {
      throw new InvalidJobException("preferWait", "a wait needs something to prefer: add prefer (labels) or preferWorker");
    }
    Duration preferWait = !prefers ? null
        : s.preferWait() == null ? JobSpec.DEFAULT_PREFER_WAIT
        : duration("preferWait", s.preferWait(), Duration.ZERO, MAX_DELAY);
    String group = s.group();
    if (group != null && !GROUP_NAME.matcher(group).matches()) {
      throw new InvalidJobException("group", "invalid group name '" + group
          + "': 1-64 letters, digits and . _ - : / starting with a letter or digit, like transcode");
    }
    if (s.groupLimit() != null && group == null) {
      throw new InvalidJobException("groupLimit", "a limit needs a group: add group, like \"transcode\"");
    }
    Integer groupLimit = group == null ? null : s.groupLimit() == null ? JobSpec.DEFAULT_GROUP_LIMIT : s.groupLimit();
    if (groupLimit != null && (groupLimit < 1 || groupLimit > MAX_GROUP_LIMIT)) {
      throw new InvalidJobException("groupLimit", groupLimit + " is out of range 1.." + MAX_GROUP_LIMIT);
    }
    List<String> after = after(s.after());
    List<JobFile> inputs = inputs(s.inputs());
    List<String> collect = collect(s.collect());
    return new JobSpec(command, argv, env, cwd, s.stdin(), worker, labels, priority, runAt, delay,
        timeout, lease, retries + 1, backoff, retryCodes, metadata, null, prefer, preferWorker, preferWait, group,
        groupLimit, after, secretEnv, inputs, collect);
  }

  /**
   * Refuses a start time ({@code runAt}) more than {@link #PAST_START_TOLERANCE} before {@code now}:
   * most likely a mistyped date, and running it at once would hide the mistake. Checked when a job
   * is submitted, apart from {@link #validate}, which has no clock.
   */
  public static void checkStartNotPast(JobSpec spec, Instant now) {
    if (spec.runAt() != null && spec.runAt().isBefore(now.minus(PAST_START_TOLERANCE))) {
      throw new InvalidJobException("runAt", spec.runAt() + " is in the past (it is now "
          + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "); give a later time, or leave it out to start now");
    }
  }

  /** Dependency ids, checked for syntax, duplicates dropped, order kept. */
  private static List<String> after(List<String> in) {
    if (in == null) {
      return List.of();
    }
    if (in.size() > MAX_DEPENDENCIES) {
      throw new InvalidJobException("after", in.size() + " dependencies, at most " + MAX_DEPENDENCIES);
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (String id : in) {
      if (!JobIds.isValid(id)) {
        throw new InvalidJobException("after", "'" + id + "' is not a job id (like j_0123456789abcdef)");
      }
      ids.add(id);
    }
    return List.copyOf(ids);
  }

  /** Input files: valid, distinct names, each with an upload id, a size and a SHA-256. */
  private static List<JobFile> inputs(List<JobFile> in) {
    if (in == null) {
      return List.of();
    }
    if (in.size() > MAX_FILES) {
      throw new InvalidJobException("inputs", in.size() + " input files, at most " + MAX_FILES);
    }
    Set<String> names = new HashSet<>();
    for (JobFile f : in) {
      if (f == null) {
        throw new InvalidJobException("inputs", "an input is {\"name\", \"upload\", \"size\", \"sha256\"}, not null");
      }
      String problem = FileNames.problem(f.name());
      if (problem != null) {
        throw new InvalidJobException("inputs", problem);
      }
      if (!names.add(f.name())) {
        throw new InvalidJobException("inputs", "file name '" + f.name() + "' is given twice");
      }
      if (!FileNames.isUploadId(f.upload())) {
        throw new InvalidJobException("inputs", "input '" + f.name() + "': upload '" + f.upload()
            + "' is not an upload id (POST the bytes to /api/v1/uploads first; it answers with the id)");
      }
      if (f.size() < 0) {
        throw new InvalidJobException("inputs", "input '" + f.name() + "': size " + f.size() + " is negative");
      }
      if (!FileNames.isSha256(f.sha256())) {
        throw new InvalidJobException("inputs", "input '" + f.name() + "': sha256 must be 64 lowercase hex digits");
      }
    }
    return List.copyOf(in);
  }

  /** Names of outputs to collect: valid, duplicates dropped, order kept. */
  private static List<String> collect(List<String> in) {
    if (in == null) {
      return List.of();
    }
    if (in.size() > MAX_FILES) {
      throw new InvalidJobException("collect", in.size() + " outputs, at most " + MAX_FILES);
    }
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String name : in) {
      String problem = FileNames.problem(name);
      if (problem != null) {
        throw new InvalidJobException("collect", problem);
      }
      names.add(name);
    }
    return List.copyOf(names);
  }


  /** Checks names and values; messages name variables but never repeat a value (it may be a secret). */
  private static Map<String, String> env(String field, Map<String, String> in) {
    if (in == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : in.entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        throw new InvalidJobException(
            field, "invalid variable name '" + e.getKey() + "': letters, digits and _, not starting with a digit");
      }
      if (e.getValue() == null) {
        throw new InvalidJobException(field, "variable " + e.getKey() + " has no value");
      }
      checkNoNul(field, e.getValue());
      out.put(e.getKey(), e.getValue());
    }
    if (envBytes(out) > MAX_ENV_BYTES) {
      throw new InvalidJobException(field, "environment is " + envBytes(out) + " bytes, at most " + MAX_ENV_BYTES);
    }
    return out;
  }

  private static int envBytes(Map<String, String> env) {
    int total = 0;
    for (var e : env.entrySet()) {
      total += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return total;
  }

  private static Map<String, String> metadata(Map<String, String> in) {
    if (in == null) {
      return Map.of();
    }
    if (in.size() > MAX_METADATA_ENTRIES) {
      throw new InvalidJobException("metadata", "at most " + MAX_METADATA_ENTRIES + " entries");
    }
    int total = 0;
    for (var e : in.entrySet()) {
      if (e.getKey().isEmpty() || e.getValue() == null) {
        throw new InvalidJobException("metadata", "keys must be non-empty and values non-null");
      }
      total += e.getKey().length() + e.getValue().length();
    }
    if (total > MAX_METADATA_BYTES) {
      throw new InvalidJobException("metadata", "metadata is " + total + " characters, at most " + MAX_METADATA_BYTES);
    }
    return new LinkedHashMap<>(in);
  }

  private static Duration duration(String field, String text, Duration min, Duration max) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException(field, e.getMessage());
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new InvalidJobException(
          field, text + " is out of range " + Durations.format(min) + ".." + Durations.format(max));
    }
    return d;
  }

  private static void checkBytes(String field, String value, int max) {
    int n = value.getBytes(StandardCharsets.UTF_8).length;
    if (n > max) {
      throw new InvalidJobException(field, "is " + n + " bytes, at most " + max);
    }
  }

  private static void checkNoNul(String field, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new InvalidJobException(field, "cannot contain a NUL character");
    }
  }

}
