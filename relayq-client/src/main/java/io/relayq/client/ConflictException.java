package io.relayq.client;

/** 409: the call conflicts with the job's or worker's current state; nothing was changed. */
public class ConflictException extends ApiErrorException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String code, String message) {
    super(409, code, message);
  }

  /** The lease (attempt) named in a worker call is no longer current: someone else has the job. */
  public boolean isStaleLease() {
    return "stale_lease".equals(code());
  }

  /** The idempotency key was used before with a different spec. */
  public boolean isKeyConflict() {
    return "key_conflict".equals(code());
  }

  /** Cancel of a job that has already finished. */
  public boolean isAlreadyFinished() {
    return "already_finished".equals(code());
  }

  /** Another live worker uses this worker name. */
  public boolean isWorkerNameTaken() {
    return "worker_name_taken".equals(code());
  }

  /** A newer start of the same worker took over: this incarnation must stop. */
  public boolean isSuperseded() {
    return "superseded".equals(code());
  }
}
