package io.relayq.coordinator;

import io.relayq.core.tls.PemCertificates;
import io.relayq.core.tls.PemPrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The certificate chain and private key a coordinator serves HTTPS with, read from PEM files and
 * checked to belong together, held in an in-memory key store for Jetty. The key never leaves the
 * process; the key store's password is random and lives only here.
 */
public final class TlsIdentity {
  private static final String ALIAS = "relayq";

  private final Path certFile;
  private final Path keyFile;
  private final List<X509Certificate> chain;
  private final KeyStore keyStore;
  private final String password;

  private TlsIdentity(Path certFile, Path keyFile, List<X509Certificate> chain, KeyStore keyStore, String password) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.chain = chain;
    this.keyStore = keyStore;
    this.password = password;
  }

  /**
   * Reads {@code certFile} (the server certificate first, then the intermediates that signed it) and
   * {@code keyFile} (its private key; see {@link PemPrivateKey} for the forms read).
   *
   * @throws IllegalArgumentException when a file is missing, unreadable or malformed, or the key does
   *     not belong to the first certificate; the message names the file and the fix
   */
  public static TlsIdentity load(Path certFile, Path keyFile) {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    List<X509Certificate> chain = PemCertificates.read(certFile, "TLS certificate file");
    PrivateKey key = PemPrivateKey.read(keyFile);
    if (!belongTogether(chain.get(0), key)) {
      boolean laterMatches = chain.stream().skip(1).anyMatch(c -> belongTogether(c, key));
      throw new IllegalArgumentException("the TLS key " + keyFile + " does not belong to the certificate "
          + chain.get(0).getSubjectX500Principal().getName() + " in " + certFile
          + (laterMatches ? ": the server certificate must come first in the file, before its CA certificates"
              : ": give the key that was made with this certificate (compare: openssl x509 -in " + certFile
                  + " -noout -pubkey and openssl pkey -in " + keyFile + " -pubout)"));
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = Base64.getEncoder().encodeToString(random);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, key, password.toCharArray(), chain.toArray(new Certificate[0]));
      return new TlsIdentity(certFile, keyFile, chain, store, password);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot use the TLS key " + keyFile + " with " + certFile + ": " + e, e);
    }
  }

  /** The key store holding the one key entry, for Jetty's {@code SslContextFactory}. */
  KeyStore keyStore() {
    return keyStore;
  }

  /** The key store's password, which is also the key entry's. */
  String password() {
    return password;
  }

  public Path certFile() {
    return certFile;
  }

  public Path keyFile() {
    return keyFile;
  }

  /** The server certificate: the first of the chain. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The served chain, server certificate first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** Who the certificate is for, for the start-up line: {@code DNS:a.example, IP:10.0.0.5 (expires 2027-01-01)}. */
  public String describe() {
    X509Certificate cert = certificate();
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          Object type = san.get(0);
          if (Integer.valueOf(2).equals(type)) {
            names.add("DNS:" + san.get(1));
          } else if (Integer.valueOf(7).equals(type)) {
            names.add("IP:" + san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      names.add("unreadable subject alternative names");
    }
    String who = names.isEmpty() ? cert.getSubjectX500Principal().getName() : String.join(", ", names);
    return who + " (expires " + cert.getNotAfter().toInstant() + ")";
  }

  /** Whether {@code key} signs what {@code cert}'s public key verifies. */
  private static boolean belongTogether(X509Certificate cert, PrivateKey key) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    byte[] probe = "relayq key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      signer.initVerify(cert.getPublicKey());
      signer.update(probe);
      return signer.verify(signature);
    } catch (GeneralSecurityException e) {
      // a key of another type than the certificate's cannot belong to it
      return false;
    }
  }
}
