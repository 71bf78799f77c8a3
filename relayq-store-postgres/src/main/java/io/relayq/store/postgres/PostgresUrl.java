package io.relayq.store.postgres;

import io.relayq.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where and as whom to connect. Accepts a JDBC URL ({@code jdbc:postgresql://host:5432/db?user=u})
 * or the libpq form users know from {@code psql} ({@code postgresql://user@host:5432/db}).
 *
 * <p>The password never has to be on a command line: when the URL carries none it comes from
 * {@value #PASSWORD_ENV}, else from the file named by {@value #PASSWORD_FILE_ENV}; with neither, the
 * PostgreSQL driver still reads {@code ~/.pgpass}.
 *
 * @param user null to leave it to the JDBC URL's own {@code user} parameter
 * @param password null when none is configured
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {
  public static final String PASSWORD_ENV = "RELAYQ_DB_PASSWORD";
  public static final String PASSWORD_FILE_ENV = "RELAYQ_DB_PASSWORD_FILE";

  /** Parses {@code url} with the password settings from the process environment. */
  public static PostgresUrl parse(String url) {
    return parse(url, System.getenv());
  }

  /**
   * Parses {@code url}; {@code env} supplies {@value #PASSWORD_ENV} and {@value #PASSWORD_FILE_ENV}.
   *
   * @throws IllegalArgumentException when the URL is neither form, with an example of each
   */
  public static PostgresUrl parse(String url, Map<String, String> env) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no database URL given" + EXAMPLES);
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return new PostgresUrl(url, null, password(null, env));
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new IllegalArgumentException("'" + redact(url) + "' is not a PostgreSQL URL" + EXAMPLES);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + redact(url) + "' is not a valid URL (" + e.getReason() + ")" + EXAMPLES);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + redact(url) + "' names no host" + EXAMPLES);
    }
    String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String user = null;
    String urlPassword = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      urlPassword = parts.length == 2 ? decode(parts[1]) : null;
    }
    return new PostgresUrl("jdbc:postgresql://" + host + path + query, user, password(urlPassword, env));
  }

  /** The URL with any password replaced, safe for messages and logs. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("(://[^:/@]+:)[^@]*@", "$1***@")
        .replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public String toString() {
    return "PostgresUrl[" + redact(jdbcUrl) + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
  }

  private static final String EXAMPLES =
      "; write it like postgresql://relayq@db.example:5432/relayq or jdbc:postgresql://db.example:5432/relayq?user=relayq";

  private static String password(String fromUrl, Map<String, String> env) {
    if (fromUrl != null) {
      return fromUrl;
    }
    String direct = env.get(PASSWORD_ENV);
    if (direct != null && !direct.isEmpty()) {
      return direct;
    }
    String file = env.get(PASSWORD_FILE_ENV);
    if (file == null || file.isEmpty()) {
      return null;
    }
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new StoreException("cannot read the database password from " + file + " (named by "
          + PASSWORD_FILE_ENV + "): " + e.getMessage(), e);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
