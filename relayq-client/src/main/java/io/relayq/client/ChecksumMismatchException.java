package io.relayq.client;

/** A downloaded file's bytes do not have the SHA-256 the coordinator declared; nothing was kept. */
public final class ChecksumMismatchException extends RelayqException {
  private static final long serialVersionUID = 1L;

  public ChecksumMismatchException(String message) {
    super(message, null);
  }

  /** 0: the reply came, but its bytes were damaged on the way. */
  @Override
  public int status() {
    return 0;
  }

  @Override
  public String code() {
    return "checksum_mismatch";
  }
}
