package io.relayq.core;

/** Thrown when an event does not apply to a job in its current state. */
public final class IllegalTransitionException extends RuntimeException {
  private final JobState from;
  private final JobEvent event;

  public IllegalTransitionException(JobState from, JobEvent event) {
    super("a job that is " + from.wireName() + " cannot take event " + event.getClass().getSimpleName());
    this.from = from;
    this.event = event;
  }

  public JobState from() {
    return from;
  }

  public JobEvent event() {
    return event;
  }
}
