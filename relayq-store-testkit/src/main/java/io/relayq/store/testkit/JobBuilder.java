package io.relayq.store.testkit;

import io.relayq.core.Durations;
import io.relayq.core.JobIds;
import io.relayq.core.JobSpec;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobSubmission;
import io.relayq.core.TemplateUse;
import io.relayq.core.files.JobFile;
import io.relayq.store.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link NewJob} the way the API would: the fields go through {@link JobSpecValidator},
 * so every built spec is one a user could submit. Start with {@link Jobs#aJob()}.
 */
public final class JobBuilder {
  private String id = JobIds.next();
  private String command = "echo hello";
  private List<String> argv;
  private Map<String, String> env = new LinkedHashMap<>();
  private String cwd;
  private String stdin;
  private String worker;
  private List<String> labels = List.of();
  private Integer priority;
  private Instant runAt;
  private Duration delay;
  private Duration timeout;
  private Duration lease;
  private Integer retries;
  private Duration retryBackoff;
  private List<Integer> retryExitCodes;
  private String key;
  private Map<String, String> metadata = new LinkedHashMap<>();
  private String submittedBy;
  private TemplateUse template;
  private List<String> prefer;
  private String preferWorker;
  private Duration preferWait;
  private String group;
  private Integer groupLimit;
  private List<String> after;
  private List<JobFile> inputs;
  private List<String> collect;
  private Instant at = Jobs.T0;

  JobBuilder() {}

  /** Records the template and parameter values the job's argv came from, as the API does. */
  public JobBuilder withTemplate(TemplateUse template) {
    this.template = template;
    return this;
  }

  /** Input files, which must be completed uploads when the job is submitted. */
  public JobBuilder withInputs(JobFile... inputs) {
    this.inputs = List.of(inputs);
    return this;
  }

  public JobBuilder collecting(String... names) {
    this.collect = List.of(names);
    return this;
  }

  public JobBuilder withId(String id) {
    this.id = id;
    return this;
  }

  public JobBuilder withCommand(String command) {
    this.command = command;
    this.argv = null;
    return this;
  }

  public JobBuilder withArgv(String... argv) {
    this.argv = List.of(argv);
    this.command = null;
    return this;
  }

  public JobBuilder withEnv(String name, String value) {
    env.put(name, value);
    return this;
  }

  public JobBuilder withCwd(String cwd) {
    this.cwd = cwd;
    return this;
  }

  public JobBuilder withStdin(String stdin) {
    this.stdin = stdin;
    return this;
  }

  /** Only the worker with this name may run the job. */
  public JobBuilder onWorker(String worker) {
    this.worker = worker;
    return this;
  }

  public JobBuilder withLabels(String... labels) {
    this.labels = List.of(labels);
    return this;
  }

  public JobBuilder withPriority(int priority) {
    this.priority = priority;
    return this;
  }

  public JobBuilder withRunAt(Instant runAt) {
    this.runAt = runAt;
    return this;
  }

  public JobBuilder withDelay(Duration delay) {
    this.delay = delay;
    return this;
  }

  public JobBuilder withTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public JobBuilder withLease(Duration lease) {
    this.lease = lease;
    return this;
  }

  /** Attempts after the first; 0 means the job runs at most once. */
  public JobBuilder withRetries(int retries) {
    this.retries = retries;
    return this;
  }

  public JobBuilder withRetryBackoff(Duration retryBackoff) {
    this.retryBackoff = retryBackoff;
    return this;
  }

  public JobBuilder withRetryExitCodes(Integer... codes) {
    this.retryExitCodes = List.of(codes);
    return this;
  }

  public JobBuilder withKey(String key) {
    this.key = key;
    return this;
  }

  public JobBuilder withMetadata(String name, String value) {
    metadata.put(name, value);
    return this;
  }

  /** Only workers with all these labels may take the job during {@code wait} from its start time. */
  public JobBuilder preferring(Duration wait, String... labels) {
    this.prefer = List.of(labels);
    this.preferWait = wait;
    return this;
  }

  /** Only the worker with this name may take the job during {@code wait} from its start time. */
  public JobBuilder preferringWorker(String name, Duration wait) {
    this.preferWorker = name;
    this.preferWait = wait;
    return this;
  }

  /** At most {@code limit} jobs of {@code group} run at once. */
  public JobBuilder inGroup(String group, int limit) {
    this.group = group;
    this.groupLimit = limit;
    return this;
  }

  /** The job waits until all these jobs succeeded. */
  public JobBuilder after(String... ids) {
    this.after = List.of(ids);
    return this;
  }

  public JobBuilder submittedBy(String submittedBy) {
    this.submittedBy = submittedBy;
    return this;
  }

  /** The moment of the submit. */
  public JobBuilder at(Instant now) {
    this.at = now;
    return this;
  }

  /** Validates the fields as the API would and returns the job to insert. */
  public NewJob build() {
    JobSubmission submission = new JobSubmission(command, argv, env, cwd, stdin, worker, labels, priority,
        runAt == null ? null : runAt.toString(), text(delay), text(timeout), text(lease), retries,
        text(retryBackoff), retryExitCodes, key, metadata, null, null, prefer, preferWorker, text(preferWait), group,
        groupLimit, after, null, inputs, collect);
    JobSpec spec = JobSpecValidator.validate(submission);
    return new NewJob(id, template == null ? spec : spec.withTemplate(template), key, submittedBy, at);
  }

  private static String text(Duration d) {
    return d == null ? null : Durations.format(d);
  }
}
