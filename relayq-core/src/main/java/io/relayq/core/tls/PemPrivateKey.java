package io.relayq.core.tls;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

/**
 * The private key of a PEM file: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or EdDSA),
 * or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}), which older openssl versions write. Other forms
 * are refused with the openssl command that converts them.
 */
public final class PemPrivateKey {
  private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
  /** The AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, in DER. */
  private static final byte[] RSA_ALGORITHM = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
  };

  private PemPrivateKey() {}

  /**
   * The one private key in {@code file}.
   *
   * @throws IllegalArgumentException when the file is missing or unreadable, holds no key, holds an
   *     encrypted key or a SEC1 {@code EC PRIVATE KEY} (the message gives the openssl command that
   *     writes the unencrypted PKCS#8 form), or the key does not parse
   */
  public static PrivateKey read(Path file) {
    String what = "TLS key file";
    List<PemBlock> keys = PemBlock.read(file, what).stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
    String convert = "openssl pkey -in " + file + " -out " + file + ".pk8";
    if (keys.isEmpty()) {
      boolean holdsCert = PemBlock.read(file, what).stream().anyMatch(b -> b.label().equals("CERTIFICATE"));
      throw new IllegalArgumentException("the " + what + " " + file + " holds no PEM private key (-----BEGIN PRIVATE"
          + " KEY-----)" + (holdsCert ? "; it holds a certificate: were the certificate and key files swapped?" : ""));
    }
    if (keys.size() > 1) {
      throw new IllegalArgumentException("the " + what + " " + file + " holds " + keys.size() + " private keys;"
          + " keep only the one that belongs to the certificate");
    }
    PemBlock key = keys.get(0);
    if (key.legacyEncrypted() || key.label().equals("ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException("the " + what + " " + file + " is encrypted with a passphrase; relayq reads"
          + " unencrypted keys (keep the file readable by the relayq user only). Decrypt it with: " + convert);
    }
    byte[] pkcs8 = switch (key.label()) {
      case "PRIVATE KEY" -> key.der();
      case "RSA PRIVATE KEY" -> rsaPkcs8(key.der());
      default -> throw new IllegalArgumentException("the " + what + " " + file + " holds a " + key.label()
          + ", which relayq does not read; convert it to PKCS#8 with: " + convert);
    };
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new IllegalArgumentException("the " + what + " " + file + " holds a private key that is not RSA, EC or"
        + " EdDSA, or is damaged; check it with: openssl pkey -in " + file + " -noout -text");
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key. */
  private static byte[] rsaPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04);
    body.writeBytes(derLength(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(derLength(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
    byte[] out = new byte[bytes + 1];
    out[0] = (byte) (0x80 | bytes);
    for (int i = bytes; i > 0; i--) {
      out[i] = (byte) length;
      length >>>= 8;
    }
    return out;
  }
}
