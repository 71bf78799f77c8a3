package io.relayq.client;

/**
 * The coordinator's TLS certificate did not verify: it is signed by a CA the client does not trust
 * (often a private CA or a self-signed certificate), it does not name the host the client connected
 * to, or it expired. Nothing was sent. Retrying does not help until the trust or the certificate
 * is fixed: give the client the CA ({@link RelayqClient.Builder#caFile}, {@code --ca-file},
 * {@code RELAYQ_CA_FILE}) or connect by a name the certificate lists.
 */
public class UntrustedServerException extends UnreachableException {
  private static final long serialVersionUID = 1L;

  public UntrustedServerException(String server, String reason, Throwable cause) {
    super(server, reason, "if the certificate is signed by your own CA, give the client that CA's certificate"
        + " (--ca-file FILE, RELAYQ_CA_FILE or ca_file: in the config); if it does not name this host, connect by a"
        + " name it lists", cause);
  }

  @Override
  public String code() {
    return "tls_untrusted";
  }
}
