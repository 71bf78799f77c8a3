package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad input gets a 4xx in the error shape, with a useful message, and changes nothing. */
class BadInputTest extends CoordinatorTestSupport {
  private static final String UNKNOWN_ID = "j_0000000000000000";

  static Stream<Arguments> badSubmissions() {
    return Stream.of(
        Arguments.of("{\"command\": \"echo", "bad_json", "line 1"),
        Arguments.of("[1, 2]", "bad_json", "JSON object"),
        Arguments.of("null", "bad_json", "null"),
        Arguments.of("{\"command\":\"echo hi\"} trailing", "bad_json", "malformed"),
        Arguments.of("{\"command\":\"echo hi\",\"comand\":\"x\"}", "bad_json", "unknown field 'comand'"),
        Arguments.of("{\"command\":\"echo hi\",\"priority\":\"high\"}", "bad_json", "priority"),
        Arguments.of("{\"command\":\"echo hi\",\"retries\":1.5}", "bad_json", "retries"),
        Arguments.of("{\"command\":\"echo hi\",\"labels\":\"gpu\"}", "bad_json", "labels"),
        Arguments.of("{\"command\":\"echo hi\",\"env\":[\"A=1\"]}", "bad_json", "env"),
        Arguments.of("{}", "invalid_field", "command"),
        Arguments.of("{\"command\":\"  \"}", "invalid_field", "command"),
        Arguments.of("{\"argv\":[]}", "invalid_field", "argv"),
        Arguments.of("{\"command\":\"echo hi\",\"timeout\":\"-5s\"}", "invalid_field", "timeout"),
        Arguments.of("{\"command\":\"echo hi\",\"timeout\":\"400d\"}", "invalid_field", "timeout"),
        Arguments.of("{\"command\":\"echo hi\",\"timeout\":\"soon\"}", "invalid_field", "timeout"),
        Arguments.of("{\"command\":\"echo hi\",\"lease\":\"0s\"}", "invalid_field", "lease"),
        Arguments.of("{\"command\":\"echo hi\",\"labels\":[\"bad label\"]}", "invalid_field", "labels"),
        Arguments.of("{\"command\":\"echo hi\",\"priority\":5000}", "invalid_field", "priority"),
        Arguments.of("{\"command\":\"echo hi\",\"retries\":-1}", "invalid_field", "retries"),
        Arguments.of("{\"command\":\"echo hi\",\"worker\":\"no spaces\"}", "invalid_field", "worker"),
        Arguments.of("{\"command\":\"echo hi\",\"runAt\":\"tomorrow\"}", "invalid_field", "runAt"),
        Arguments.of("{\"command\":\"echo hi\",\"key\":\"\"}", "invalid_field", "key"));
  }

  @ParameterizedTest
  @MethodSource("badSubmissions")
  void aBadSubmissionIsRefusedAndStoresNothing(String body, String code, String mentioned) {
    ApiClient.Response r = api.postJson(V1 + "/jobs", body);

    assertError(r, 400, code);
    assertThat(r.errorMessage()).contains(mentioned);
    assertThat(jobs()).isEmpty();
  }

  @Test
  void anEmptyBodyIsRefused() {
    assertError(api.postJson(V1 + "/jobs", ""), 400, "bad_json");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aBodyThatIsNotJsonByItsContentTypeIsRefused() {
    ApiClient.Response r = api.post(V1 + "/jobs", "text/plain", "{\"command\":\"echo hi\"}".getBytes());

    assertError(r, 415, "unsupported_media_type");
    assertThat(r.errorMessage()).contains("text/plain");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aBodyOverTheLimitIsRefused() {
    byte[] huge = new byte[5 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'x');
    String body = "{\"command\":\"" + new String(huge, StandardCharsets.US_ASCII) + "\"}";

    ApiClient.Response r = api.postJson(V1 + "/jobs", body);

    assertError(r, 413, "too_large");
    assertThat(r.errorMessage()).contains(Integer.toString(4 * 1024 * 1024));
    assertThat(jobs()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/cancel", "/output"})
  void aMalformedJobIdIsABadRequest(String suffix) {
    String path = V1 + "/jobs/not-a-job" + suffix;
    ApiClient.Response r = suffix.equals("/cancel") ? api.postJson(path, "") : api.get(path);

    assertError(r, 400, "invalid_id");
    assertThat(r.errorMessage()).contains("not-a-job");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/cancel", "/output", "/output?follow=true"})
  void anUnknownJobIdIsNotFound(String suffix) {
    String path = V1 + "/jobs/" + UNKNOWN_ID + suffix;
    ApiClient.Response r = suffix.equals("/cancel") ? api.postJson(path, "") : api.get(path);

    assertError(r, 404, "not_found");
    assertThat(r.errorMessage()).contains(UNKNOWN_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"state=bogus", "limit=0", "limit=5000", "limit=ten", "label=bad%20label",
      "worker=a%20b", "sort=id", "state=queued&state=running"})
  void aBadListQueryIsRefused(String query) {
    submit("{\"command\":\"echo hi\"}");

    ApiClient.Response r = api.get(V1 + "/jobs?" + query);

    assertError(r, 400, "invalid_query");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream=stdin", "attempt=0", "attempt=x", "after=5", "follow=yes",
      "follow=true&attempt=1"})
  void aBadOutputQueryIsRefused(String query) {
    String id = submit("{\"command\":\"echo hi\"}").get("id").asText();

    assertError(api.get(V1 + "/jobs/" + id + "/output?" + query), 400, "invalid_query");
  }

  @Test
  void anUnknownRouteAndAWrongMethodAnswerInTheErrorShape() {
    assertError(api.get(V1 + "/nothing-here"), 404, "not_found");
    ApiClient.Response wrongMethod = api.send("DELETE", V1 + "/jobs");
    assertError(wrongMethod, 405, "method_not_allowed");
    assertThat(wrongMethod.errorMessage()).contains("GET", "POST");
  }

  // ---- worker protocol -------------------------------------------------------------------------

  @Test
  void aHelloWithABadNameSlotsOrLabelsRegistersNothing() {
    String good = "{\"workerId\":\"w\",\"incarnation\":\"i\",\"labels\":[],\"slots\":1}";
    assertError(api.postJson(V1 + "/workers/bad%20name/hello", good), 400, "invalid_id");
    assertError(api.postJson(V1 + "/workers/mini/hello", good.replace("\"slots\":1", "\"slots\":0")),
        400, "invalid_field");
    assertError(api.postJson(V1 + "/workers/mini/hello", good.replace("[]", "[\"has space\"]")),
        400, "invalid_field");
    assertError(api.postJson(V1 + "/workers/mini/hello", good.replace("\"w\"", "\"\"")), 400, "invalid_field");
    assertError(api.postJson(V1 + "/workers/mini/hello", good.replace("\"slots\":1", "\"slot\":1")),
        400, "bad_json");

    assertThat(api.get(V1 + "/workers").json().get("workers")).isEmpty();
  }

  @Test
  void aPollFromAnUnknownWorkerIsNotFoundSoItSaysHelloAgain() {
    ApiClient.Response r = poll("ghost", "inc-1", 1, 0);

    assertError(r, 404, "not_found");
    assertThat(r.errorMessage()).contains("hello");
  }

  @Test
  void aPollWithANegativeFreeCountOrWaitIsRefused() {
    hello("mini", "id-mini", "inc-1");
    submit("{\"command\":\"echo hi\"}");

    assertError(poll("mini", "inc-1", -1, 0), 400, "invalid_field");
    assertError(poll("mini", "inc-1", 1, -5), 400, "invalid_field");

    assertThat(jobs().get(0).get("state").asText()).isEqualTo("queued");
  }

  @Test
  void aBadFinishReportLeavesTheJobRunning() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"echo hi\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    assertError(finish(id, 1, "{\"attempt\":1,\"outcome\":\"exploded\"}"), 400, "invalid_field");
    assertError(finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\"}"), 400, "invalid_field");
    assertError(finish(id, 1, "{\"attempt\":2,\"outcome\":\"exited\",\"exitCode\":0}"), 400, "invalid_field");
    assertError(finish(id, 0, "{\"attempt\":0,\"outcome\":\"exited\",\"exitCode\":0}"), 400, "invalid_id");
    assertError(finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0,"
        + "\"output\":[{\"stream\":\"stdout\",\"offset\":0,\"data\":\"!!not base64!!\"}]}"), 400, "bad_json");
    assertError(finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0,"
        + "\"output\":[{\"stream\":\"stdin\",\"offset\":0,\"data\":\"aGk=\"}]}"), 400, "bad_json");

    JsonNode job = job(id);
    assertThat(job.get("state").asText()).isEqualTo("running");
    assertThat(job.get("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void badOutputCallsStoreNothing() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"echo hi\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    String base = V1 + "/jobs/" + id + "/attempts/1/output";

    assertError(api.post(base + "?offset=0", "application/octet-stream", new byte[] {1}), 400, "invalid_query");
    assertError(api.post(base + "?stream=stdout", "application/octet-stream", new byte[] {1}), 400, "invalid_query");
    assertError(api.post(base + "?stream=stdout&offset=-1", "application/octet-stream", new byte[] {1}),
        400, "invalid_query");
    assertError(appendOutput(id, 1, "stdout", 0, new byte[1024 * 1024 + 1]), 413, "too_large");

    assertThat(api.get(V1 + "/jobs/" + id + "/output").body()).isEmpty();
  }

  @Test
  void aHeartbeatWithABadLeaseIsRefused() {
    hello("mini", "id-mini", "inc-1");

    ApiClient.Response r = api.postJson(V1 + "/workers/mini/heartbeat",
        "{\"incarnation\":\"inc-1\",\"leases\":[{\"jobId\":\"nope\",\"attempt\":1}]}");

    assertError(r, 400, "invalid_field");
    assertThat(r.errorMessage()).contains("leases[0]");
  }
}
