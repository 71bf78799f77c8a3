package io.relayq.coordinator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies with their size limit enforced while reading (a missing or lying
 * {@code Content-Length} cannot get more bytes in), and parses JSON with messages that name the
 * field, the line and what was expected.
 */
final class RequestBodies {
  /** Bytes past the limit read and thrown away so the client can still read our 413 answer. */
  private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

  private final ObjectMapper mapper;
  private final int maxJsonBytes;
  private final int maxRawBytes;

  RequestBodies(ObjectMapper mapper, int maxJsonBytes, int maxRawBytes) {
    this.mapper = mapper;
    this.maxJsonBytes = maxJsonBytes;
    this.maxRawBytes = maxRawBytes;
  }

  /**
   * Parses a JSON body into {@code type}.
   *
   * @throws ApiException 415 for a non-JSON content type, 413 over the limit, 400 {@code bad_json}
   *     for malformed JSON, unknown fields or wrong types
   */
  <T> T json(Context ctx, Class<T> type, String example) {
    String contentType = ctx.contentType();
    if (contentType != null && !isJson(contentType)) {
      throw new ApiException(415, "unsupported_media_type",
          "this endpoint takes JSON, got Content-Type '" + contentType + "'; send Content-Type: application/json");
    }
    byte[] body = read(ctx, maxJsonBytes, "JSON body");
    if (body.length == 0 || isBlank(body)) {
      throw badJson("the request body is empty; send a JSON object like " + example);
    }
    T value;
    try {
      // A key given twice is refused rather than resolved: a proxy or audit log that keeps the
      // first value would otherwise disagree with what runs.
      value = mapper.readerFor(type).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readValue(body);
    } catch (JsonProcessingException e) {
      throw badJson(describe(e));
    } catch (IOException e) {
      throw badJson("the request body could not be read: " + e.getMessage());
    }
    if (value == null) {
      throw badJson("the request body is null; send a JSON object like " + example);
    }
    return value;
  }

  /** Reads a raw body of at most the raw chunk limit; 413 when larger. */
  byte[] raw(Context ctx) {
    return read(ctx, maxRawBytes, "output chunk");
  }

  private static byte[] read(Context ctx, int limit, String what) {
    long declared = ctx.req().getContentLengthLong();
    try {
      InputStream in = ctx.req().getInputStream();
      if (declared > limit) {
        long drained = in.skip(Math.min(declared, MAX_DRAIN_BYTES));
        throw tooLarge(what, declared, limit, drained);
      }
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge(what, -1, limit, in.skip(MAX_DRAIN_BYTES));
      }
      return body;
    } catch (IOException e) {
      throw badJson("the request body could not be read: " + e.getMessage());
    }
  }

  private static ApiException tooLarge(String what, long declared, int limit, long ignored) {
    String size = declared >= 0 ? declared + " bytes" : "more than " + limit + " bytes";
    return ApiException.tooLarge("the " + what + " is " + size + ", at most " + limit
        + " bytes are accepted; split it or send less");
  }

  private static boolean isJson(String contentType) {
    String mime = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return mime.equals("application/json") || mime.endsWith("+json");
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static ApiException badJson(String message) {
    return new ApiException(400, "bad_json", message);
  }

  /** A message a person can act on: which field, what was wrong, where. */
  static String describe(JsonProcessingException e) {
    StreamReadException syntax = syntaxError(e);
    if (syntax != null) {
      return "malformed JSON" + at(syntax.getLocation()) + ": " + syntax.getOriginalMessage();
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
          .map(String::valueOf).sorted().collect(Collectors.joining(", "));
      return "unknown field '" + path(u.getPath(), u.getPropertyName()) + "'"
          + (known.isEmpty() ? "" : " (known fields: " + known + ")");
    }
    if (e instanceof InvalidFormatException f) {
      String field = path(f.getPath(), null);
      return "field '" + field + "': " + cleanDetail(f.getOriginalMessage(), f.getValue(), f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      return "field '" + path(m.getPath(), null) + "': expected " + typeName(m.getTargetType()) + at(m.getLocation());
    }
    if (e instanceof MismatchedInputException m) {
      return "expected a JSON object" + at(m.getLocation());
    }
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      Throwable cause = m.getCause();
      String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : m.getOriginalMessage();
      return "field '" + path(m.getPath(), null) + "': " + detail;
    }
    return "malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage();
  }

  /** The parse error behind {@code e}, also when data binding wrapped it with a field path. */
  private static StreamReadException syntaxError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException s) {
        return s;
      }
    }
    return null;
  }

  private static String cleanDetail(String original, Object value, Class<?> target) {
    if (target == Duration.class) {
      return original;
    }
    return "\"" + value + "\" is not " + typeName(target);
  }

  private static String path(List<JsonMappingException.Reference> refs, String last) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    if (last != null && !out.toString().endsWith(last)) {
      out.append(out.isEmpty() ? "" : ".").append(last);
    }
    return out.isEmpty() ? "(body)" : out.toString();
  }

  private static String at(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static final Map<Class<?>, String> TYPE_NAMES = Map.ofEntries(
      Map.entry(Integer.class, "an integer"), Map.entry(int.class, "an integer"),
      Map.entry(Long.class, "an integer"), Map.entry(long.class, "an integer"),
      Map.entry(Boolean.class, "true or false"), Map.entry(boolean.class, "true or false"),
      Map.entry(String.class, "a string"), Map.entry(List.class, "a JSON array"),
      Map.entry(Map.class, "a JSON object"), Map.entry(Duration.class, "a duration string like \"30s\""),
      Map.entry(byte[].class, "base64 text"));

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    String known = TYPE_NAMES.get(type);
    if (known != null) {
      return known;
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
          .collect(Collectors.joining(", "));
    }
    if (type.isRecord() || Map.class.isAssignableFrom(type)) {
      return "a JSON object";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a JSON array";
    }
    return "a " + type.getSimpleName();
  }
}
