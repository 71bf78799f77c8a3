package io.relayq.cli;

import io.relayq.core.Durations;
import io.relayq.core.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag values checked while parsing, so a bad one is a usage error (exit 2) that names the flag and
 * shows a valid example, and nothing reaches the server.
 */
final class Converters {
  private Converters() {}

  /** {@code 30s}, {@code 10m}, {@code 5h}, {@code 1h30m}, via {@link Durations}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** One label, checked by {@link Labels#check}. */
  static final class LabelConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        Labels.check(value);
        return value;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** An http(s) URL with a host, via {@link ServerAddress#parse}. */
  static final class ServerUrlConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return ServerAddress.parse(value).toString();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A start time for {@code --at}, read by {@link #parseTime} in this machine's time zone. */
  static final class TimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      return parseTime(value, ZonedDateTime.now());
    }
  }

  /**
   * Reads a point in time: an ISO-8601 instant ({@code 2026-12-01T03:00:00Z}), a local date and
   * time ({@code 2026-12-01T03:00} or {@code 2026-12-01 03:00}) in {@code now}'s zone, or a time of
   * day ({@code 03:00}): its next occurrence after {@code now}.
   */
  static Instant parseTime(String value, ZonedDateTime now) {
    String t = value.trim();
    ZoneId zone = now.getZone();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException notAnInstant) {
      // try the local forms below
    }
    try {
      return ZonedDateTime.parse(t).toInstant();
    } catch (DateTimeParseException notZoned) {
      // try the local forms below
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant();
    } catch (DateTimeParseException notLocal) {
      // try a time of day
    }
    try {
      LocalTime time = LocalTime.parse(t);
      ZonedDateTime today = now.with(time);
      return (today.isAfter(now) ? today : today.plusDays(1)).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not a time (write it like 2026-12-01T03:00:00Z, "
          + "2026-12-01 03:00 in local time, or 03:00 for the next 3 o'clock)");
    }
  }
}
