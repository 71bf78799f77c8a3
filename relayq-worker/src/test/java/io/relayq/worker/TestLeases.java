package io.relayq.worker;

import io.relayq.core.JobIds;
import io.relayq.core.JobSpec;
import io.relayq.core.api.LeaseGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds leases as a coordinator would hand them out, for tests that run jobs without one. */
final class TestLeases {
  private final String command;
  private final List<String> argv;
  private final Map<String, String> env = new HashMap<>();
  private String cwd;
  private String stdin;
  private Duration timeout = JobSpec.DEFAULT_TIMEOUT;

  private TestLeases(String command, List<String> argv) {
    this.command = command;
    this.argv = argv;
  }

  static TestLeases command(String command) {
    return new TestLeases(command, null);
  }

  static TestLeases argv(String... argv) {
    return new TestLeases(null, List.of(argv));
  }

  TestLeases env(String name, String value) {
    env.put(name, value);
    return this;
  }

  TestLeases cwd(String dir) {
    this.cwd = dir;
    return this;
  }

  TestLeases stdin(String text) {
    this.stdin = text;
    return this;
  }

  TestLeases timeout(Duration value) {
    this.timeout = value;
    return this;
  }

  LeaseGrant grant() {
    JobSpec spec = new JobSpec(command, argv, env, cwd, stdin, null, List.of(), 0, null, null, timeout,
        JobSpec.DEFAULT_LEASE_TTL, 1, JobSpec.DEFAULT_RETRY_BACKOFF, Set.of(75), Map.of(), null, List.of(), null, null,
        null, null, List.of(), Map.of(), List.of(), List.of());
    return new LeaseGrant(JobIds.next(), 1, spec, Instant.now().plus(spec.leaseTtl()));
  }
}
