package io.relayq.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/** What the client builders collect before they open an {@link HttpTransport}. */
final class TransportSettings {
  private final List<URI> servers;
  private String token;
  private SSLContext tls;

  TransportSettings(List<URI> servers) {
    this.servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
  }

  void token(String token) {
    this.token = token;
  }

  /** Reads the file at once, so a missing or malformed one fails here and not at the first call. */
  void caFile(Path caFile) {
    this.tls = caFile == null ? null : TlsTrust.caFile(caFile);
  }

  void tls(SSLContext tls) {
    this.tls = tls;
  }

  HttpTransport open() {
    return new HttpTransport(servers, token, tls);
  }
}
