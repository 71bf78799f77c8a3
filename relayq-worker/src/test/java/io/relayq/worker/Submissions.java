package io.relayq.worker;

import io.relayq.core.JobSubmission;
import java.util.List;

/** Builds job submissions for end-to-end tests; every field not set keeps its default. */
final class Submissions {
  private final String command;
  private String cwd;
  private String lease;
  private Integer retries;
  private String retryBackoff;
  private String key;
  private List<String> labels;

  private Submissions(String command) {
    this.command = command;
  }

  static Submissions command(String command) {
    return new Submissions(command);
  }

  Submissions cwd(Object dir) {
    this.cwd = dir.toString();
    return this;
  }

  /** The lease TTL, like {@code 2s}: how long the job survives a silent worker. */
  Submissions lease(String ttl) {
    this.lease = ttl;
    return this;
  }

  Submissions retries(int n) {
    this.retries = n;
    return this;
  }

  Submissions retryBackoff(String wait) {
    this.retryBackoff = wait;
    return this;
  }

  Submissions key(String idempotencyKey) {
    this.key = idempotencyKey;
    return this;
  }

  Submissions label(String label) {
    this.labels = List.of(label);
    return this;
  }

  JobSubmission build() {
    return new JobSubmission(command, null, null, cwd, null, null, labels, null, null, null, null, lease, retries,
        retryBackoff, null, key, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
