package io.relayq.client;

import io.relayq.core.Durations;
import io.relayq.core.JobSubmission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job being described, from {@link Relayq#job(String)}, {@link Relayq#argv(String...)} or
 * {@link Relayq#template(String)}, sent by {@link #submit()}. Settings left out take the coordinator's defaults (timeout 5 h, 2 retries
 * for exit code 75, lease 15 s). Values are checked by the coordinator, whose refusal arrives as a
 * {@link BadRequestException} naming the field; only what cannot be written on the wire at all
 * (negative durations) is refused here. Not thread-safe; one builder per job.
 *
 * <pre>{@code
 * JobHandle h = relayq.argv("ffmpeg", "-i", input, output)
 *     .label("has:ffmpeg").timeout(Duration.ofHours(2)).retries(1).submit();
 * JobHandle t = relayq.template("transcode").param("input", input).param("output", output)
 *     .param("options", List.of("-crf", "23")).submit();
 * }</pre>
 */
public final class JobBuilder {
  private final RelayqClient client;
  private String command;
  private List<String> argv;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> secretEnv = new LinkedHashMap<>();
  private String cwd;
  private String stdin;
  private String worker;
  private final List<String> labels = new ArrayList<>();
  private Integer priority;
  private String runAt;
  private String delay;
  private String timeout;
  private String lease;
  private Integer retries;
  private String retryBackoff;
  private List<Integer> retryExitCodes;
  private String key;
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private String template;
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final List<String> prefer = new ArrayList<>();
  private String preferWorker;
  private String preferWait;
  private String group;
  private Integer groupLimit;
  private final List<String> after = new ArrayList<>();
  private final List<java.nio.file.Path> files = new ArrayList<>();
  private final List<String> collect = new ArrayList<>();

  JobBuilder(RelayqClient client, String command, List<String> argv) {
    this.client = client;
    this.command = command;
    this.argv = argv == null ? null : List.copyOf(argv);
  }

  /** A builder for a job of the coordinator's template {@code template}. */
  static JobBuilder ofTemplate(RelayqClient client, String template) {
    JobBuilder b = new JobBuilder(client, null, null);
    b.template = template;
    return b;
  }

  /**
   * Sets a template parameter of type {@code string}, {@code path} or {@code enum}; the value
   * reaches the program as one argument, whatever it holds.
   */
  public JobBuilder param(String name, String value) {
    return putParam(name, Objects.requireNonNull(value, "value"));
  }

  /** Sets a template parameter of type {@code int}. */
  public JobBuilder param(String name, int value) {
    return putParam(name, value);
  }

  /** Sets a template parameter of type {@code list}: one argument per element. */
  public JobBuilder param(String name, List<String> values) {
    values.forEach(v -> Objects.requireNonNull(v, "list element"));
    return putParam(name, List.copyOf(values));
  }

  private JobBuilder putParam(String name, Object value) {
    if (template == null) {
      throw new IllegalStateException("param(\"" + name + "\") sets a template's parameter; start with"
          + " relayq.template(name)");
    }
    params.put(Objects.requireNonNull(name, "name"), value);
    return this;
  }

  /**
   * Runs {@code argv} (a program and its arguments) without a shell instead of the command given
   * so far: each element reaches the program as it is, so file names need no quoting.
   */
  public JobBuilder argv(String... argv) {
    return argv(Arrays.asList(argv));
  }

  /** Like {@link #argv(String...)}. */
  public JobBuilder argv(List<String> argv) {
    this.argv = List.copyOf(argv);
    this.command = null;
    this.template = null;
    this.params.clear();
    return this;
  }

  /** Adds an environment variable for the job (on top of the worker's environment). */
  public JobBuilder env(String name, String value) {
    env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Adds every variable of {@code variables}. */
  public JobBuilder env(Map<String, String> variables) {
    variables.forEach(this::env);
    return this;
  }

  /**
   * Adds an environment variable whose value is never shown: API answers, events, logs and the
   * dashboard show {@code "<secret>"} instead.
   */
  public JobBuilder secretEnv(String name, String value) {
    secretEnv.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** The working directory on the worker; by default a fresh directory per job. */
  public JobBuilder cwd(String directory) {
    this.cwd = directory;
    return this;
  }

  /** Text fed to the job's standard input (UTF-8); by default stdin is empty. */
  public JobBuilder stdin(String text) {
    this.stdin = text;
    return this;
  }

  /** Only the worker with this name may run the job. */
  public JobBuilder on(String workerName) {
    this.worker = workerName;
    return this;
  }

  /** Adds labels the worker must all have, like {@code has:ffmpeg} or {@code os:linux}. */
  public JobBuilder label(String... required) {
    return labels(Arrays.asList(required));
  }

  /** Like {@link #label(String...)}. */
  public JobBuilder labels(Collection<String> required) {
    required.forEach(l -> labels.add(Objects.requireNonNull(l, "label")));
    return this;
  }

  /** Higher runs first; jobs of equal priority run in submission order. Default 0. */
  public JobBuilder priority(int value) {
    this.priority = value;
    return this;
  }

  /** The longest one attempt may run before its process group is killed. Default 5 h. */
  public JobBuilder timeout(Duration value) {
    this.timeout = wire("timeout", value);
    return this;
  }

  /**
   * How long the job's lease lives without a heartbeat before the job counts as lost (default
   * 15 s): longer rides out flaky links, shorter recovers from a dead worker sooner.
   */
  public JobBuilder lease(Duration value) {
    this.lease = wire("lease", value);
    return this;
  }

  /** Starts the job no earlier than {@code value} after it is submitted. */
  public JobBuilder delay(Duration value) {
    this.delay = wire("delay", value);
    return this;
  }

  /** Starts the job no earlier than {@code instant}. */
  public JobBuilder runAt(Instant instant) {
    this.runAt = instant.toString();
    return this;
  }

  /**
   * How many times to retry after a retryable failure (an exit code from
   * {@link #retryOnExitCodes}, a lost worker); 0 runs the job at most once. Default 2.
   */
  public JobBuilder retries(int count) {
    this.retries = count;
    return this;
  }

  /** The wait before the first retry, doubled for each further one. Default 1 s. */
  public JobBuilder retryBackoff(Duration value) {
    this.retryBackoff = wire("retryBackoff", value);
    return this;
  }

  /** The exit codes that mean "try again" instead of the default 75 (EX_TEMPFAIL). */
  public JobBuilder retryOnExitCodes(Integer... codes) {
    this.retryExitCodes = List.of(codes);
    return this;
  }

  /**
   * An idempotency key: submitting the same key with an equal job returns the first job instead
   * of a new one ({@link JobHandle#created()} false); with a different job it is refused
   * ({@link ConflictException#isKeyConflict()}).
   */
  public JobBuilder key(String idempotencyKey) {
    this.key = idempotencyKey;
    return this;
  }

  /** Adds a free key/value stored with the job (who asked, which ticket...). */
  public JobBuilder metadata(String name, String value) {
    metadata.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Prefers a worker with all these labels: until {@link #preferWait} has passed from the job's
   * start time only such a worker may take it, then any worker that meets the hard requirements.
   */
  public JobBuilder prefer(String... labels) {
    Arrays.stream(labels).forEach(l -> prefer.add(Objects.requireNonNull(l, "label")));
    return this;
  }

  /** Prefers the worker with this name, in the same way as {@link #prefer}. */
  public JobBuilder preferWorker(String name) {
    this.preferWorker = name;
    return this;
  }

  /** How long to wait for a preferred worker, from the job's start time. Default 5 min. */
  public JobBuilder preferWait(Duration value) {
    this.preferWait = wire("preferWait", value);
    return this;
  }

  /** Puts the job in a concurrency group: at most {@code limit} of its jobs run at once, cluster-wide. */
  public JobBuilder group(String name, int limit) {
    this.group = Objects.requireNonNull(name, "name");
    this.groupLimit = limit;
    return this;
  }

  /**
   * Starts the job only once every one of these jobs succeeded; when one fails, is cancelled or
   * lost for good, this one ends as failed with reason {@code dependency_failed} without running.
   */
  public JobBuilder after(String... jobIds) {
    Arrays.stream(jobIds).forEach(id -> after.add(Objects.requireNonNull(id, "job id")));
    return this;
  }

  /**
   * Uploads this file when the job is submitted; the worker puts it in the job's directory under its
   * file name, checked against its SHA-256.
   */
  public JobBuilder file(java.nio.file.Path file) {
    files.add(Objects.requireNonNull(file, "file"));
    return this;
  }

  /** Uploads this file from the job's directory once the process ended; fetch it with {@link RelayqClient#downloadOutput}. */
  public JobBuilder collect(String name) {
    collect.add(Objects.requireNonNull(name, "name"));
    return this;
  }

  /** The submission as it will be sent, with unset fields null (and the files not uploaded yet). */
  public JobSubmission toSubmission() {
    return JobSubmission.builder()
        .command(command)
        .argv(argv)
        .env(env.isEmpty() ? null : Map.copyOf(env))
        .secretEnv(secretEnv.isEmpty() ? null : Map.copyOf(secretEnv))
        .cwd(cwd)
        .stdin(stdin)
        .worker(worker)
        .labels(labels.isEmpty() ? null : List.copyOf(labels))
        .priority(priority)
        .runAt(runAt)
        .delay(delay)
        .timeout(timeout)
        .lease(lease)
        .retries(retries)
        .retryBackoff(retryBackoff)
        .retryExitCodes(retryExitCodes)
        .key(key)
        .metadata(metadata.isEmpty() ? null : Map.copyOf(metadata))
        .template(template)
        .params(template == null ? null : new LinkedHashMap<>(params))
        .prefer(prefer.isEmpty() ? null : List.copyOf(prefer))
        .preferWorker(preferWorker)
        .preferWait(preferWait)
        .group(group)
        .groupLimit(groupLimit)
        .after(after.isEmpty() ? null : List.copyOf(after))
        .collect(collect.isEmpty() ? null : List.copyOf(collect))
        .build();
  }

  /**
   * Submits the job; it is committed to the coordinator's store when this returns.
   *
   * @throws BadRequestException when the coordinator refuses a value (the message names the field),
   *     or a template job names an unknown template or parameter, leaves out a required one or gives
   *     a value of the wrong type ({@link BadRequestException#code()} says which)
   * @throws ConflictException when the idempotency key was used for a different job
   * @throws UnreachableException when the coordinator does not answer
   * @throws java.io.UncheckedIOException when a {@link #file} cannot be read
   */
  public JobHandle submit() {
    JobSubmission submission = toSubmission();
    if (!files.isEmpty()) {
      submission = submission.withInputs(files.stream()
          .map(f -> client.upload(f, f.getFileName().toString(), null)).toList());
    }
    Submitted s = client.submit(submission);
    return new JobHandle(client, s.job().id(), s.created(), s.job());
  }

  /** A duration as the wire writes it; whole milliseconds, never negative. */
  static String wire(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
    long millis = value.toMillis();
    if (millis == 0 && !value.isZero()) {
      throw new IllegalArgumentException(field + " must be 0 or at least 1 ms, got " + value.toNanos() + " ns");
    }
    return Durations.format(Duration.ofMillis(millis));
  }
}
