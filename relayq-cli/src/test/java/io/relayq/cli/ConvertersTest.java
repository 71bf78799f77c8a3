package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {
  private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 3, 1, 14, 30, 0, 0, ZoneId.of("Europe/Berlin"));

  @Test
  void anInstantIsTakenAsIs() {
    assertThat(Converters.parseTime("2026-12-01T03:00:00Z", NOW)).isEqualTo(Instant.parse("2026-12-01T03:00:00Z"));
  }

  @Test
  void aLocalDateAndTimeIsInTheLocalZone() {
    Instant expected = Instant.parse("2026-03-02T02:00:00Z");
    assertThat(Converters.parseTime("2026-03-02T03:00", NOW)).isEqualTo(expected);
    assertThat(Converters.parseTime("2026-03-02 03:00", NOW)).isEqualTo(expected);
  }

  @Test
  void aTimeOfDayIsItsNextOccurrence() {
    assertThat(Converters.parseTime("15:00", NOW)).isEqualTo(Instant.parse("2026-03-01T14:00:00Z"));
    assertThat(Converters.parseTime("03:00", NOW)).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));
  }

  @Test
  void anythingElseIsRefusedWithExamples() {
    assertThatThrownBy(() -> Converters.parseTime("tomorrow", NOW))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'tomorrow' is not a time")
        .hasMessageContaining("2026-12-01T03:00:00Z");
  }
}
