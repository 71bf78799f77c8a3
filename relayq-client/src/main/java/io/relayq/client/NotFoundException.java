package io.relayq.client;

/** 404: no such job, worker or route. For a worker: the coordinator does not know it, say hello again. */
public class NotFoundException extends ApiErrorException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String code, String message) {
    super(404, code, message);
  }
}
