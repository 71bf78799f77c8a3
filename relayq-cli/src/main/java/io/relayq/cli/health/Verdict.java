package io.relayq.cli.health;

import java.util.Objects;

/**
 * One answer to "is this process working?".
 *
 * @param healthy whether a supervisor should let it run on
 * @param status one word for machines: {@code ok}, {@code draining}, {@code starting}, {@code stalled}...
 * @param reason what is wrong and what it means, for people; empty when healthy
 * @param detail what the judgement was based on (serialized as JSON by the health endpoint); may be null
 */
public record Verdict(boolean healthy, String status, String reason, Object detail) {
  public Verdict {
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
  }

  /** A healthy verdict. */
  public static Verdict ok(String status, Object detail) {
    return new Verdict(true, status, "", detail);
  }

  /** An unhealthy verdict with the reason why. */
  public static Verdict failing(String status, String reason, Object detail) {
    return new Verdict(false, status, reason, detail);
  }
}
