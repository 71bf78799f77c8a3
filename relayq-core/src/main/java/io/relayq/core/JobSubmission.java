package io.relayq.core;

import io.relayq.core.files.JobFile;
import java.util.List;
import java.util.Map;

/**
 * A job as a client sends it: every field optional but one of {@code command} and {@code argv}.
 * {@link JobSpecValidator} turns it into a {@link JobSpec} with every default filled in.
 * Durations are strings such as {@code 30s}, {@code 10m}, {@code 5h}. With {@code template} set,
 * the coordinator builds the argv from that template and {@code params} instead (see
 * {@link io.relayq.core.template.TemplateCatalog}); {@code command} and {@code argv} stay empty then.
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
    Map<String, String> metadata,
    String template,
    Map<String, Object> params,
    List<String> prefer,
    String preferWorker,
    String preferWait,
    String group,
    Integer groupLimit,
    List<String> after,
    Map<String, String> secretEnv,
    List<JobFile> inputs,
    List<String> collect) {

  /** A shell command with every other field left to its default. */
  public static JobSubmission ofCommand(String command) {
    return builder().command(command).build();
  }

  /** A copy with another idempotency key. */
  public JobSubmission withKey(String newKey) {
    return new JobSubmission(command, argv, env, cwd, stdin, worker, labels, priority, runAt, delay, timeout,
        lease, retries, retryBackoff, retryExitCodes, newKey, metadata, template, params, prefer, preferWorker,
        preferWait, group, groupLimit, after, secretEnv, inputs, collect);
  }

  /** A copy with these input files (uploaded already). */
  public JobSubmission withInputs(List<JobFile> files) {
    return new JobSubmission(command, argv, env, cwd, stdin, worker, labels, priority, runAt, delay, timeout,
        lease, retries, retryBackoff, retryExitCodes, key, metadata, template, params, prefer, preferWorker,
        preferWait, group, groupLimit, after, secretEnv, files, collect);
  }

  /** A copy that runs template {@code name} with {@code values} instead of a command or argv. */
  public JobSubmission withTemplate(String name, Map<String, Object> values) {
    return new JobSubmission(null, null, env, cwd, stdin, worker, labels, priority, runAt, delay, timeout,
        lease, retries, retryBackoff, retryExitCodes, key, metadata, name, values, prefer, preferWorker, preferWait,
        group, groupLimit, after, secretEnv, inputs, collect);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a submission field by field; unset fields keep their server-side defaults. */
  public static final class Builder {
    private String command;
    private List<String> argv;
    private Map<String, String> env;
    private String cwd;
    private String stdin;
    private String worker;
    private List<String> labels;
    private Integer priority;
    private String runAt;
    private String delay;
    private String timeout;
    private String lease;
    private Integer retries;
    private String retryBackoff;
    private List<Integer> retryExitCodes;
    private String key;
    private Map<String, String> metadata;
    private String template;
    private Map<String, Object> params;
    private List<String> prefer;
    private String preferWorker;
    private String preferWait;
    private String group;
    private Integer groupLimit;
    private List<String> after;
    private Map<String, String> secretEnv;
    private List<JobFile> inputs;
    private List<String> collect;

    private Builder() {}

    public Builder command(String command) {
      this.command = command;
      return this;
    }

    public Builder argv(List<String> argv) {
      this.argv = argv;
      return this;
    }

    public Builder env(Map<String, String> env) {
      this.env = env;
      return this;
    }

    public Builder cwd(String cwd) {
      this.cwd = cwd;
      return this;
    }

    public Builder stdin(String stdin) {
      this.stdin = stdin;
      return this;
    }

    public Builder worker(String worker) {
      this.worker = worker;
      return this;
    }

    public Builder labels(List<String> labels) {
      this.labels = labels;
      return this;
    }

    public Builder priority(Integer priority) {
      this.priority = priority;
      return this;
    }

    public Builder runAt(String runAt) {
      this.runAt = runAt;
      return this;
    }

    public Builder delay(String delay) {
      this.delay = delay;
      return this;
    }

    public Builder timeout(String timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder lease(String lease) {
      this.lease = lease;
      return this;
    }

    public Builder retries(Integer retries) {
      this.retries = retries;
      return this;
    }

    public Builder retryBackoff(String retryBackoff) {
      this.retryBackoff = retryBackoff;
      return this;
    }

    public Builder retryExitCodes(List<Integer> retryExitCodes) {
      this.retryExitCodes = retryExitCodes;
      return this;
    }

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** The name of a template on the coordinator; its argv is built from {@link #params}. */
    public Builder template(String template) {
      this.template = template;
      return this;
    }

    /** The template's parameter values: strings, integers or lists of strings, by name. */
    public Builder params(Map<String, Object> params) {
      this.params = params;
      return this;
    }

    /** Labels a worker should have; any matching worker may take the job once {@link #preferWait} is over. */
    public Builder prefer(List<String> prefer) {
      this.prefer = prefer;
      return this;
    }

    public Builder preferWorker(String preferWorker) {
      this.preferWorker = preferWorker;
      return this;
    }

    public Builder preferWait(String preferWait) {
      this.preferWait = preferWait;
      return this;
    }

    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public Builder groupLimit(Integer groupLimit) {
      this.groupLimit = groupLimit;
      return this;
    }

    /** Ids of jobs that must all succeed first. */
    public Builder after(List<String> after) {
      this.after = after;
      return this;
    }

    /**
     * Variables added to the job's environment like {@link #env}, but never shown: every API
     * answer, event, log line and page shows {@code "<secret>"} in place of their values.
     */
    public Builder secretEnv(Map<String, String> secretEnv) {
      this.secretEnv = secretEnv;
      return this;
    }

    /** Files uploaded before the submit, downloaded into the job directory before it starts. */
    public Builder inputs(List<JobFile> inputs) {
      this.inputs = inputs;
      return this;
    }

    /** Names of files in the job directory to upload as outputs when the process has ended. */
    public Builder collect(List<String> collect) {
      this.collect = collect;
      return this;
    }

    public JobSubmission build() {
      return new JobSubmission(command, argv, env, cwd, stdin, worker, labels, priority, runAt, delay, timeout, lease,
          retries, retryBackoff, retryExitCodes, key, metadata, template, params, prefer, preferWorker, preferWait,
          group, groupLimit, after, secretEnv, inputs, collect);
    }
  }
}
