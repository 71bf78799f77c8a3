package io.relayq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobIdsTest {
  @Test
  void newIdsAreValidAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = JobIds.next();
      assertThat(JobIds.isValid(id)).as(id).isTrue();
      assertThat(seen.add(id)).as("duplicate " + id).isTrue();
    }
  }

  @Test
  void refusesMalformedIdsWithAnExample() {
    for (String bad : new String[] {null, "", "j_", "../etc/passwd", "J_0123456789abcdef", "j_0123456789abcdeF"}) {
      assertThatThrownBy(() -> JobIds.check(bad)).hasMessageContaining("look like j_");
    }
  }
}
