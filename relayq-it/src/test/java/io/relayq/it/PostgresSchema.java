package io.relayq.it;

import io.relayq.store.postgres.PostgresJobStore;
import io.relayq.store.postgres.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own in the test PostgreSQL server ({@code RELAYQ_TEST_POSTGRES_URL}), dropped on
 * close; the test is skipped, with a message, when the variable is not set.
 */
public final class PostgresSchema implements AutoCloseable {
  private static final String BASE_URL = System.getenv("RELAYQ_TEST_POSTGRES_URL");
  private final String name;

  private PostgresSchema(String name) {
    this.name = name;
  }

  /** Creates a fresh schema, or skips the test when no PostgreSQL server is configured. */
  public static PostgresSchema create() {
    Assumptions.assumeTrue(BASE_URL != null && !BASE_URL.isBlank(),
        "RELAYQ_TEST_POSTGRES_URL is not set: skipping the PostgreSQL cluster test "
            + "(set it like jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
    PostgresSchema schema = new PostgresSchema("relayq_it_" + UUID.randomUUID().toString().replace("-", ""));
    schema.execute("CREATE SCHEMA " + schema.name);
    return schema;
  }

  /** The JDBC URL of this schema, as {@code relayq server --db} takes it. */
  public String url() {
    return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** The URL of this schema through {@code 127.0.0.1:port} (a proxy) instead of the server's own address. */
  public String urlThrough(int port) {
    return url().replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
  }

  /** The server's port, for a proxy in front of it. */
  public int serverPort() {
    java.net.URI uri = java.net.URI.create(BASE_URL.substring("jdbc:".length()));
    return uri.getPort() == -1 ? 5432 : uri.getPort();
  }

  /** A store over this schema for the test's own reads; close it before this schema. */
  public PostgresJobStore open() {
    return PostgresJobStore.open(url());
  }

  @Override
  public void close() {
    execute("DROP SCHEMA " + name + " CASCADE");
  }

  private void execute(String sql) {
    PostgresUrl parsed = PostgresUrl.parse(BASE_URL);
    try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "': " + e.getMessage(), e);
    }
  }
}
