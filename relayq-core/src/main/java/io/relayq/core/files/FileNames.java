package io.relayq.core.files;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The rules for job file names, upload ids and checksums, shared by the coordinator (which refuses
 * bad ones with a 4xx), the worker and the clients.
 *
 * <p>A name is one path element: the worker joins it to the job directory, so a separator or a
 * {@code ..} would write outside it. Spaces, quotes and any other printable character are fine.
 */
public final class FileNames {
  public static final int MAX_NAME_BYTES = 255;
  private static final Pattern UPLOAD_ID = Pattern.compile("u_[0-9a-f]{32}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private FileNames() {}

  /** Why {@code name} cannot be a job file name, or null when it can. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "a file name is required";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "file name is longer than " + MAX_NAME_BYTES + " bytes";
    }
    if (name.equals(".") || name.equals("..")) {
      return "'" + name + "' is not a file name";
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      return "file name '" + name + "' has a path separator; give the bare name, the file lands in the job directory";
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return "file name has a control character (NUL, newline, ...) at position " + i;
      }
    }
    return null;
  }

  /** Throws {@link IllegalArgumentException} with the problem when {@code name} is not a valid name. */
  public static String check(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return name;
  }

  public static boolean isUploadId(String id) {
    return id != null && UPLOAD_ID.matcher(id).matches();
  }

  public static boolean isSha256(String hex) {
    return hex != null && SHA256.matcher(hex).matches();
  }

  /** A SHA-256 digest as the 64 lowercase hex digits used on the wire. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
