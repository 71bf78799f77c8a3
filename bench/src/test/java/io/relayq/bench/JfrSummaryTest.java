package io.relayq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JfrSummaryTest {

  @Test
  void chargesAClassToTheLibraryItsPackageBelongsTo() {
    assertThat(JfrSummary.library("io.relayq.store.sqlite.SqliteDatabase")).isEqualTo("relayq store");
    assertThat(JfrSummary.library("org.eclipse.jetty.server.Request")).isEqualTo("Jetty");
    assertThat(JfrSummary.library("org.example.Thing")).isEqualTo("org.example");
  }

  @Test
  void theJdksOwnPackagesAreNotALibrary() {
    assertThat(JfrSummary.isJdk("java.util.HashMap")).isTrue();
    assertThat(JfrSummary.isJdk("sun.nio.ch.EPoll")).isTrue();
    assertThat(JfrSummary.isJdk("io.javalin.Javalin")).isFalse();
  }

  @Test
  void sharesArePercentsOfTheWholeLargestFirst() {
    var shares = JfrSummary.shares(Map.of("a", 1L, "b", 3L));

    assertThat(shares).containsExactly(new JfrSummary.Share("b", 75.0), new JfrSummary.Share("a", 25.0));
  }
}
