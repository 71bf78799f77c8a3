package io.relayq.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresUrlTest {
  @Test
  void aLibpqUrlBecomesAJdbcUrlWithTheUserApart() {
    PostgresUrl url = PostgresUrl.parse("postgresql://relayq@db.example:5433/jobs?sslmode=require", Map.of());

    assertThat(url).isEqualTo(
        new PostgresUrl("jdbc:postgresql://db.example:5433/jobs?sslmode=require", "relayq", null));
  }

  @Test
  void thePostgresSchemeAndAMissingPortAreAccepted() {
    PostgresUrl url = PostgresUrl.parse("postgres://relayq@db.example/jobs", Map.of());

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example/jobs");
  }

  @Test
  void thePasswordComesFromTheEnvironmentWhenTheUrlHasNone() {
    PostgresUrl url = PostgresUrl.parse("postgresql://relayq@db/jobs", Map.of(PostgresUrl.PASSWORD_ENV, "s3cret"));

    assertThat(url.password()).isEqualTo("s3cret");
    assertThat(url.toString()).doesNotContain("s3cret");
  }

  @Test
  void thePasswordComesFromAFileNamedInTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("db-password"), "from-file\n");

    PostgresUrl url = PostgresUrl.parse("postgresql://relayq@db/jobs",
        Map.of(PostgresUrl.PASSWORD_FILE_ENV, file.toString()));

    assertThat(url.password()).isEqualTo("from-file");
  }

  @Test
  void aPasswordInTheUrlIsDecodedAndWinsOverTheEnvironment() {
    PostgresUrl url = PostgresUrl.parse("postgresql://relayq:p%40ss@db/jobs", Map.of(PostgresUrl.PASSWORD_ENV, "env"));

    assertThat(url.user()).isEqualTo("relayq");
    assertThat(url.password()).isEqualTo("p@ss");
  }

  @Test
  void aJdbcUrlIsKeptAsItIs() {
    PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", Map.of());

    assertThat(url).isEqualTo(new PostgresUrl("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", null, null));
  }

  @Test
  void anythingElseIsRefusedWithAnExample() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://db/jobs", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a PostgreSQL URL")
        .hasMessageContaining("postgresql://relayq@");
  }

  @Test
  void redactingHidesPasswordsInBothForms() {
    assertThat(PostgresUrl.redact("postgresql://u:secret@h/db")).isEqualTo("postgresql://u:***@h/db");
    assertThat(PostgresUrl.redact("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
  }
}
