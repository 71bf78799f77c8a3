package io.relayq.core.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a token may do. Each role is its own set of rights; only {@link #ADMIN} includes the others. */
public enum TokenRole {
  /** Everything: every job, every worker call, token management. */
  ADMIN,
  /** Submit jobs, read its own jobs and the cluster, cancel its own jobs. */
  SUBMIT,
  /** Look only: jobs, output, workers, events, metrics. */
  READ,
  /** The worker protocol, and only for the worker name it registered and the leases that worker holds. */
  WORKER;

  /** The name on the wire and in the store: {@code admin}, {@code submit}, {@code read}, {@code worker}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; the message lists the roles there are. */
  public static TokenRole fromWire(String name) {
    for (TokenRole r : values()) {
      if (r.wireName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not a role (roles: "
        + Arrays.stream(values()).map(TokenRole::wireName).collect(Collectors.joining(", ")) + ")");
  }
}
