package io.relayq.core.tls;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The X.509 certificates of a PEM file: a server's chain, or the CAs a client trusts. */
public final class PemCertificates {
  private PemCertificates() {}

  /**
   * Every {@code CERTIFICATE} block of {@code file}, in file order.
   *
   * @param what what the file should hold, for messages, like {@code CA file}
   * @throws IllegalArgumentException when the file is missing or unreadable, holds no certificate
   *     (the message says when it holds a private key instead) or a certificate does not parse
   */
  public static List<X509Certificate> read(Path file, String what) {
    List<PemBlock> blocks = PemBlock.read(file, what);
    List<X509Certificate> certs = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("every Java has X.509", e);
    }
    for (PemBlock block : blocks) {
      if (!block.label().equals("CERTIFICATE")) {
        continue;
      }
      try {
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
      } catch (CertificateException e) {
        throw new IllegalArgumentException("the " + what + " " + file + " has a certificate that does not parse: "
            + e.getMessage(), e);
      }
    }
    if (certs.isEmpty()) {
      boolean holdsKey = blocks.stream().anyMatch(b -> b.label().endsWith("PRIVATE KEY"));
      throw new IllegalArgumentException("the " + what + " " + file + " holds no PEM certificate (-----BEGIN"
          + " CERTIFICATE-----)" + (holdsKey ? "; it holds a private key: were the certificate and key files swapped?"
          : ""));
    }
    return List.copyOf(certs);
  }
}
