package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.store.JobQuery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile bodies to every JSON route the router lists: each is a 4xx, never a 5xx; the
 * coordinator keeps serving; nothing is stored. A route takes JSON when an empty body is a
 * {@code bad_json} 400, so routes added later are fuzzed too.
 */
class JsonFuzzTest extends CoordinatorTestSupport {
  private static final int RANDOM_BODIES = 60;

  @Test
  void hostileAndRandomBodiesAreAlways4xxAndStoreNothing() {
    List<String> jsonRoutes = jsonRoutes();
    assertThat(jsonRoutes).as("the JSON routes found").contains("/api/v1/jobs", "/api/v1/tokens",
        "/api/v1/workers/fuzz/hello", "/api/v1/jobs/j_0000000000000000/attempts/1/finish");
    List<byte[]> bodies = hostileBodies();
    Random random = new Random(20261125);
    for (int i = 0; i < RANDOM_BODIES; i++) {
      bodies.add(i % 2 == 0 ? randomBytes(random) : randomJsonish(random));
    }

    List<String> wrong = new ArrayList<>();
    for (String path : jsonRoutes) {
      for (byte[] body : bodies) {
        ApiClient.Response r = api.post(path, "application/json", body);
        if (r.status() < 400 || r.status() >= 500) {
          wrong.add(path + " <- " + preview(body) + ": " + r.status() + " " + preview(r.body()));
        }
      }
    }

    assertThat(wrong).isEmpty();
    assertThat(api.get("/healthz").status()).isEqualTo(200);
    assertThat(store.listJobs(JobQuery.all(10)).jobs()).isEmpty();
    assertThat(store.listWorkers()).isEmpty();
    assertThat(store.listTokens()).hasSize(1);
    assertThat(api.get(V1 + "/schedules").json().get("schedules")).isEmpty();
    assertThat(api.postJson(V1 + "/jobs", "{\"command\":\"echo still here\"}").status()).isEqualTo(201);
  }

  /** Every POST route that answers an empty body with bad_json, its parameters filled with names nothing has. */
  private List<String> jsonRoutes() {
    List<String> found = new ArrayList<>();
    for (Coordinator.RouteAccess r : coordinator.routes()) {
      if (!r.method().equals("POST")) {
        continue;
      }
      String path = r.path().replace("{id}", "j_0000000000000000").replace("{attempt}", "1")
          .replace("{name}", "fuzz");
      ApiClient.Response empty = api.post(path, "application/json", new byte[0]);
      if (empty.status() == 400 && "bad_json".equals(empty.errorCode())) {
        found.add(path);
      }
    }
    return found;
  }

  private static List<byte[]> hostileBodies() {
    List<byte[]> b = new ArrayList<>();
    b.add(utf8("[".repeat(100_000) + "]".repeat(100_000)));
    b.add(utf8("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
    b.add(utf8("{\"command\":\"echo\",\"priority\":1e999999}"));
    b.add(utf8("{\"command\":\"echo\",\"slots\":1e999999,\"free\":-1e999999,\"attempt\":1e999999}"));
    b.add(utf8("{\"command\":\"echo\",\"priority\":" + "9".repeat(100_000) + "}"));
    b.add(utf8("{\"name\":\"x\",\"role\":\"read\",\"waitMs\":" + "9".repeat(5_000) + ".5e-999999}"));
    b.add(concat(utf8("{\"command\":\"echo "), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28},
        utf8("\",\"name\":\""), new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, utf8("\"}")));
    b.add(utf8("{\"command\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}"));
    b.add(utf8("{\"command\":[\"x\"],\"name\":{\"a\":1},\"role\":[1],\"labels\":\"x\",\"env\":[1],\"slots\":\"two\"}"));
    b.add(utf8("{\"incarnation\":{},\"workerId\":[],\"leases\":{\"jobId\":1},\"outcome\":7,\"output\":\"x\"}"));
    for (String s : List.of("[]", "\"text\"", "1", "true", "null", "{", "}", "{\"command\":}", "{\"a\" 1}",
        "{\"command\":\"echo\"} trailing", "\u0000", "{\"command\":\"echo\",\"command\":\"twice\"}")) {
      b.add(utf8(s));
    }
    return b;
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(2000)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Fragments of JSON in random order: mostly malformed, sometimes well-formed with wrong fields. */
  private static byte[] randomJsonish(Random random) {
    String[] parts = {"{", "}", "[", "]", ",", ":", "\"command\"", "\"name\"", "\"role\"", "\"incarnation\"",
        "\"labels\"", "\"env\"", "\"slots\"", "-1", "0", "1e400", "3.5", "null", "true", "\"x\"", "\"\\u0000\"",
        "\"\\ud800\"", "\"admin\"", "\"exited\""};
    StringBuilder s = new StringBuilder();
    int n = 1 + random.nextInt(60);
    for (int i = 0; i < n; i++) {
      s.append(parts[random.nextInt(parts.length)]);
    }
    return utf8(s.toString());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String preview(byte[] bytes) {
    String s = new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.UTF_8);
    return bytes.length > 120 ? s + "... (" + bytes.length + " bytes)" : s;
  }
}
