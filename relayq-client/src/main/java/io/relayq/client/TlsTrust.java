package io.relayq.client;

import io.relayq.core.tls.PemCertificates;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which server certificates a client accepts for {@code https://}. Without one of these the JDK's
 * trust store is used, so a certificate from a public CA needs nothing. There is deliberately no
 * way to accept any certificate.
 */
public final class TlsTrust {
  private TlsTrust() {}

  /**
   * Trusts the CA certificates in the PEM file {@code caFile} (and only those), like
   * {@code curl --cacert}: a server certificate must chain to one of them and name the host the
   * client connects to. A self-signed server certificate may be its own CA file.
   *
   * @throws IllegalArgumentException when the file is missing, unreadable or holds no certificate;
   *     the message names the file
   */
  public static SSLContext caFile(Path caFile) {
    List<X509Certificate> cas = PemCertificates.read(caFile, "CA file");
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        anchors.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      return context(factory.getTrustManagers());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot use the CA file " + caFile + ": " + e, e);
    }
  }

  /**
   * Trusts exactly {@code certificate}, by whatever address the server is reached: for a process
   * that talks to the coordinator it runs itself (the local worker of {@code relayq up}, its own
   * health check), which knows the certificate it serves, but connects through loopback, which the
   * certificate need not name. Pinning the very certificate keeps that as safe as a name check.
   */
  public static SSLContext pinned(X509Certificate certificate) {
    return context(new TrustManager[] {new Pinned(certificate)});
  }

  private static SSLContext context(TrustManager[] trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java has TLS", e);
    }
  }

  /**
   * Accepts a chain whose first certificate is the pinned one. Extending the extended trust manager
   * matters: JSSE wraps a plain one in a host name check, which loopback would fail.
   */
  private static final class Pinned extends X509ExtendedTrustManager {
    private final X509Certificate pinned;

    Pinned(X509Certificate pinned) {
      this.pinned = pinned;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0 || !chain[0].equals(pinned)) {
        throw new CertificateException("the server's certificate is not the one this process serves ("
            + pinned.getSubjectX500Principal().getName() + ")");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a client trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a client trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a client trust manager checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
