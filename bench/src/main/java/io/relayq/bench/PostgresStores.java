package io.relayq.bench;

import io.relayq.store.postgres.PostgresUrl;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PostgreSQL stores: each a schema of its own ({@code relayq_bench_NAME_RANDOM}) in the database of
 * {@code RELAYQ_BENCH_POSTGRES_URL}, dropped with everything in it when the cluster closes. The
 * coordinator is the product's {@code relayq server --db}, with its cross-coordinator wake-ups.
 */
final class PostgresStores implements StoreFactory {
  static final String URL_ENV = "RELAYQ_BENCH_POSTGRES_URL";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final int CONNECT_TIMEOUT_SECONDS = 3;

  private final String url;
  private final SecureRandom random = new SecureRandom();

  PostgresStores(String url) {
    this.url = url;
  }

  @Override
  public StoreKind kind() {
    return StoreKind.POSTGRES;
  }

  @Override
  public Optional<String> unavailable() {
    try (Connection c = connect(url)) {
      c.createStatement().execute("SELECT 1");
      return Optional.empty();
    } catch (SQLException | RuntimeException e) {
      return Optional.of("PostgreSQL at " + PostgresUrl.redact(url) + " is not reachable (" + e.getMessage()
          + "); start it, or point " + URL_ENV + " at one");
    }
  }

  @Override
  public StoreInstance create(String name) {
    String schema = "relayq_bench_" + name.replaceAll("[^a-z0-9]", "_") + "_" + HexFormat.of().formatHex(randomBytes());
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new BenchException("cannot create schema " + schema + " in " + PostgresUrl.redact(url) + ": "
          + e.getMessage(), e);
    }
    return new Instance(url, schema);
  }

  private byte[] randomBytes() {
    byte[] b = new byte[3];
    random.nextBytes(b);
    return b;
  }

  private record Instance(String baseUrl, String schema) implements StoreInstance {
    private static final AtomicInteger COORDINATORS = new AtomicInteger();

    @Override
    public StoreKind kind() {
      return StoreKind.POSTGRES;
    }

    String schemaUrl() {
      return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public List<String> coordinatorCommand(BenchEnv env, List<String> extraJvmFlags) {
      List<String> flags = new ArrayList<>(env.flags().server());
      flags.addAll(extraJvmFlags);
      // --data only holds what the server keeps beside the store; each coordinator gets its own
      Path data = env.tmpDir().resolve("data").resolve(schema + "-" + COORDINATORS.incrementAndGet());
      return env.relayq(flags, List.of("server", "--port", "0", "--data", data.toString(), "--db", schemaUrl()));
    }

    @Override
    public String loaderSpec() {
      return "postgres:" + schemaUrl();
    }

    @Override
    public void close() {
      try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new BenchException("cannot drop schema " + schema + " in " + PostgresUrl.redact(baseUrl) + ": "
            + e.getMessage() + "; drop it by hand: DROP SCHEMA " + schema + " CASCADE", e);
      }
    }
  }

  private static Connection connect(String url) throws SQLException {
    PostgresUrl parsed = PostgresUrl.parse(url);
    Properties props = new Properties();
    if (parsed.user() != null) {
      props.setProperty("user", parsed.user());
    }
    if (parsed.password() != null) {
      props.setProperty("password", parsed.password());
    }
    props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    return DriverManager.getConnection(parsed.jdbcUrl(), props);
  }
}
