package io.relayq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

  @Test
  void anUnknownArgumentIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> Args.parse(new String[] {"--sotre", "x"}, Set.of("--store"), Set.of("--quick")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--sotre")
        .hasMessageContaining("--store");
  }

  @Test
  void aQuickRunLeavesTheFlightRecorderOffUnlessAskedAndAFullRunHasItOn() {
    String[] base = {"--root", ".", "--out", "out", "--java", "java"};

    assertThat(BenchOptions.parse(concat(base, "--quick"), Map.of()).jfr()).isFalse();
    assertThat(BenchOptions.parse(concat(base, "--quick", "--jfr"), Map.of()).jfr()).isTrue();
    assertThat(BenchOptions.parse(base, Map.of()).jfr()).isTrue();
    assertThat(BenchOptions.parse(concat(base, "--no-jfr"), Map.of()).jfr()).isFalse();
  }

  @Test
  void bothStoresRunByDefaultAndThePostgresUrlComesFromTheEnvironment() {
    BenchOptions o = BenchOptions.parse(new String[] {"--root", ".", "--out", "o", "--java", "j"},
        Map.of(PostgresStores.URL_ENV, "jdbc:postgresql://127.0.0.1:5444/x"));

    assertThat(o.stores()).containsExactly(StoreKind.SQLITE, StoreKind.POSTGRES);
    assertThat(o.postgresUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5444/x");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
