package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {
  @TempDir
  Path dir;

  @Test
  void readsAnRsaOrEcKeyInPkcs8AndTheChainServerFirst() {
    TestCertificates pki = TestCertificates.newCa(dir);
    for (String algorithm : new String[] {"RSA", "EC"}) {
      TestCertificates.ServerFiles files = pki.server("server-" + algorithm, algorithm);
      TlsIdentity tls = TlsIdentity.load(files.cert(), files.key());
      assertThat(tls.chain()).hasSize(2);
      assertThat(tls.certificate().getPublicKey().getAlgorithm()).isEqualTo(algorithm);
      assertThat(tls.describe()).contains("DNS:localhost", "IP:127.0.0.1", "expires");
    }
  }

  @Test
  void readsAnRsaKeyInThePkcs1FormOfOlderOpenssl() throws Exception {
    TestCertificates.ServerFiles files = TestCertificates.newCa(dir).serverWithTraditionalKey("old", "RSA");
    assertThat(Files.readString(files.key())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(TlsIdentity.load(files.cert(), files.key()).certificate().getPublicKey().getAlgorithm())
        .isEqualTo("RSA");
  }

  @Test
  void anEcKeyInSec1FormIsRefusedWithTheCommandThatConvertsIt() {
    TestCertificates.ServerFiles files = TestCertificates.newCa(dir).serverWithTraditionalKey("sec1", "EC");
    assertThatThrownBy(() -> TlsIdentity.load(files.cert(), files.key()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EC PRIVATE KEY")
        .hasMessageContaining("openssl pkey -in " + files.key());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() {
    TestCertificates pki = TestCertificates.newCa(dir);
    TestCertificates.ServerFiles one = pki.server("one", "EC");
    TestCertificates.ServerFiles other = pki.server("other", "EC");
    assertThatThrownBy(() -> TlsIdentity.load(one.cert(), other.key()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the TLS key " + other.key() + " does not belong to the certificate")
        .hasMessageContaining(one.cert().toString());
  }

  @Test
  void aKeyOfAnotherTypeThanTheCertificateIsRefused() {
    TestCertificates pki = TestCertificates.newCa(dir);
    TestCertificates.ServerFiles rsa = pki.server("rsa", "RSA");
    TestCertificates.ServerFiles ec = pki.server("ec", "EC");
    assertThatThrownBy(() -> TlsIdentity.load(rsa.cert(), ec.key()))
        .hasMessageContaining("does not belong to the certificate");
  }

  @Test
  void swappedFilesAreNamedAsSuch() {
    TestCertificates.ServerFiles files = TestCertificates.newCa(dir).server("s", "EC");
    assertThatThrownBy(() -> TlsIdentity.load(files.key(), files.cert()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no PEM certificate")
        .hasMessageContaining("were the certificate and key files swapped?");
  }

  @Test
  void aMissingFileIsNamed() {
    TestCertificates.ServerFiles files = TestCertificates.newCa(dir).server("s", "EC");
    Path missing = dir.resolve("nope.key");
    assertThatThrownBy(() -> TlsIdentity.load(files.cert(), missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS key file " + missing + " does not exist");
  }

  @Test
  void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
    TestCertificates.ServerFiles files = TestCertificates.newCa(dir).server("s", "EC");
    Files.writeString(files.key(), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsIdentity.load(files.cert(), files.key()))
        .hasMessageContaining("is encrypted with a passphrase")
        .hasMessageContaining("openssl pkey -in " + files.key());
  }
}
