package io.relayq.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code -----BEGIN LABEL-----} ... {@code -----END LABEL-----} block of a PEM file (RFC 7468).
 * Text around the blocks (openssl's "subject=" lines, comments) is ignored, as openssl does.
 *
 * @param label like {@code CERTIFICATE}, {@code PRIVATE KEY} or {@code RSA PRIVATE KEY}
 * @param der the decoded body; empty when the block has RFC 1421 headers ({@code Proc-Type}), which
 *     only legacy encrypted keys carry
 * @param legacyEncrypted whether the block has a {@code Proc-Type: 4,ENCRYPTED} header
 */
public record PemBlock(String label, byte[] der, boolean legacyEncrypted) {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /**
   * The blocks of {@code file}, in order.
   *
   * @param what what the file should hold, for messages, like {@code TLS certificate file}
   * @throws IllegalArgumentException when the file is missing or unreadable, or a block's body is not
   *     base64; the message names the file
   */
  public static List<PemBlock> read(Path file, String what) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
    }
    List<PemBlock> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      if (body.contains("Proc-Type:")) {
        blocks.add(new PemBlock(m.group(1), new byte[0], body.contains("ENCRYPTED")));
        continue;
      }
      try {
        blocks.add(new PemBlock(m.group(1), Base64.getMimeDecoder().decode(body.strip()), false));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the " + what + " " + file + " is not valid PEM: the " + m.group(1)
            + " block is not base64 (" + e.getMessage() + ")", e);
      }
    }
    return blocks;
  }
}
