package io.relayq.coordinator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway private CA and server certificates it signs, written as PEM files the way openssl
 * writes them, for tests of HTTPS. Nothing here is trusted by anything but the tests that use it.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  private TestCertificates(Path dir, KeyPair caKeys, X509Certificate ca) {
    this.dir = dir;
    this.caKeys = caKeys;
    this.ca = ca;
  }

  /** The PEM files of one server certificate: its chain (server first) and its private key. */
  public record ServerFiles(Path cert, Path key) {}

  /** A new CA, its certificate written to {@code dir/ca.pem}. */
  public static TestCertificates newCa(Path dir) {
    try {
      Files.createDirectories(dir);
      KeyPair keys = keys("EC");
      X500Name name = new X500Name("CN=relayq test CA " + SERIAL.incrementAndGet());
      JcaX509v3CertificateBuilder builder = builder(name, name, keys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate ca = sign(builder, keys.getPrivate());
      TestCertificates certs = new TestCertificates(dir, keys, ca);
      Files.writeString(certs.caFile(), pem("CERTIFICATE", ca.getEncoded()));
      return certs;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a test CA", e);
    }
  }

  /** {@code dir/ca.pem}: what clients are given with {@code --ca-file}. */
  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  /**
   * A server certificate for localhost, 127.0.0.1 and ::1 with a key of {@code algorithm} ({@code RSA}
   * or {@code EC}) in unencrypted PKCS#8, as {@code NAME.crt} (server certificate, then the CA) and
   * {@code NAME.key}.
   */
  public ServerFiles server(String name, String algorithm) {
    KeyPair keys = keys(algorithm);
    X509Certificate cert = serverCertificate(keys);
    return write(name, cert, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
  }

  /** As {@link #server}, with the key in the traditional openssl form: PKCS#1 for RSA, SEC1 for EC. */
  public ServerFiles serverWithTraditionalKey(String name, String algorithm) {
    KeyPair keys = keys(algorithm);
    X509Certificate cert = serverCertificate(keys);
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(keys.getPrivate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(name, cert, out.toString());
  }

  private ServerFiles write(String name, X509Certificate cert, String keyPem) {
    try {
      Path certFile = dir.resolve(name + ".crt");
      Path keyFile = dir.resolve(name + ".key");
      Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
      Files.writeString(keyFile, keyPem);
      return new ServerFiles(certFile, keyFile);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write the test certificate " + name, e);
    }
  }

  private X509Certificate serverCertificate(KeyPair keys) {
    try {
      JcaX509v3CertificateBuilder builder = builder(
          org.bouncycastle.asn1.x500.X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
          new X500Name("CN=localhost"), keys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.iPAddress, "::1"),
      }));
      return sign(builder, caKeys.getPrivate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey) {
    try {
      String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static KeyPair keys(String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(algorithm.equals("EC") ? 256 : 2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java makes " + algorithm + " keys", e);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
