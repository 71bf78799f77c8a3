package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.auth.TokenRole;
import io.relayq.core.files.FileNames;
import io.relayq.store.files.FileBlob;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Job files over real HTTP: uploads, the worker's transfers under its lease, listing, and bad input. */
class FileApiTest extends CoordinatorTestSupport {
  private static final long MAX_FILE = 3L * 1024 * 1024;
  private static final String NAME = "my \"clip\" 'a b'.txt";

  private ApiClient alice;
  private ApiClient bob;
  private ApiClient worker;
  private ApiClient reader;

  @Override
  CoordinatorConfig config() {
    return super.config().withFiles(new JobFileSettings(MAX_FILE, null));
  }

  @BeforeEach
  void tokens() {
    alice = api.withToken(issueToken("alice", TokenRole.SUBMIT));
    bob = api.withToken(issueToken("bob", TokenRole.SUBMIT));
    worker = api.withToken(issueToken("agents", TokenRole.WORKER));
    reader = api.withToken(issueToken("viewer", TokenRole.READ));
  }

  @Test
  void inputsReachTheWorkerAndOutputsComeBackByteForByte() {
    byte[] input = randomBytes((int) (2.5 * 1024 * 1024), 1);
    JsonNode upload = upload(alice, input);
    assertThat(upload.get("size").asLong()).isEqualTo(input.length);
    String jobId = submitWithInput(alice, NAME, upload, "out.bin").get("id").asText();
    int attempt = leaseTo("w1", jobId);

    ApiClient.Response in = worker.get(inputPath(jobId, attempt, NAME, "w1"));
    assertThat(in.status()).as(in.text()).isEqualTo(200);
    assertThat(in.body()).isEqualTo(input);
    assertThat(worker.headers(inputPath(jobId, attempt, NAME, "w1")).firstValue(FileRoutes.SHA256_HEADER))
        .contains(sha256(input));

    byte[] output = randomBytes(1234, 2);
    ApiClient.Response put = worker.sendBytes("PUT", outputPath(jobId, attempt, "out.bin", "w1"),
        Map.of(FileRoutes.SHA256_HEADER, sha256(output)), output);
    assertThat(put.status()).as(put.text()).isEqualTo(201);
    assertThat(finish(jobId, attempt, "{\"attempt\":%d,\"outcome\":\"exited\",\"exitCode\":0}".formatted(attempt))
        .status()).isEqualTo(200);

    JsonNode files = reader.get(V1 + "/jobs/" + jobId + "/files").json();
    assertThat(files.get("inputs").get(0).get("name").asText()).isEqualTo(NAME);
    assertThat(files.get("inputs").get(0).get("sha256").asText()).isEqualTo(sha256(input));
    assertThat(files.get("outputs").get(0).get("name").asText()).isEqualTo("out.bin");
    assertThat(files.get("outputs").get(0).get("attempt").asInt()).isEqualTo(attempt);
    assertThat(files.get("missing")).isEmpty();
    ApiClient.Response back = reader.get(V1 + "/jobs/" + jobId + "/outputs/out.bin");
    assertThat(back.status()).as(back.text()).isEqualTo(200);
    assertThat(back.body()).isEqualTo(output);
  }

  @Test
  void anOutputNeverUploadedIsListedAsMissingOnceTheJobEnded() {
    String jobId = submit("{\"command\":\"true\",\"collect\":[\"out.mp4\"]}").get("id").asText();
    int attempt = leaseTo("w1", jobId);
    assertThat(api.get(V1 + "/jobs/" + jobId + "/files").json().get("missing")).as("still running").isEmpty();
    assertError(bob.get(V1 + "/jobs/" + jobId + "/files"), 404, "not_found");

    finish(jobId, attempt, "{\"attempt\":%d,\"outcome\":\"exited\",\"exitCode\":0}".formatted(attempt));

    assertThat(api.get(V1 + "/jobs/" + jobId + "/files").json().get("missing").get(0).asText()).isEqualTo("out.mp4");
    assertError(reader.get(V1 + "/jobs/" + jobId + "/outputs/out.mp4"), 404, "not_found");
  }

  @Test
  void aChecksumMismatchIsRefusedAndNothingIsKept() {
    byte[] data = randomBytes(5000, 3);

    assertError(alice.sendBytes("POST", V1 + "/uploads", Map.of(FileRoutes.SHA256_HEADER, sha256(new byte[1])), data),
        400, "checksum_mismatch");
    assertError(alice.sendBytes("POST", V1 + "/uploads", Map.of(), data), 400, "invalid_field");
    assertError(alice.sendBytes("POST", V1 + "/uploads", Map.of(FileRoutes.SHA256_HEADER, "ABC"), data),
        400, "invalid_field");

    assertThat(allUnusedFiles()).isEmpty();
  }

  @Test
  void aFileOverTheBoundIsRefusedBeforeAnythingIsStored() {
    byte[] data = new byte[(int) MAX_FILE + 1];

    assertError(alice.sendBytes("POST", V1 + "/uploads", Map.of(FileRoutes.SHA256_HEADER, sha256(data)), data),
        413, "too_large");

    assertThat(allUnusedFiles()).isEmpty();
  }

  @Test
  void badNamesAreRefusedAtSubmit() {
    JsonNode upload = upload(alice, new byte[] {1});
    for (String bad : List.of("a/b", "..", ".", "", "nul\u0000here", "line\nbreak")) {
      assertError(alice.postJson(V1 + "/jobs", submission(bad, upload, "out")), 400, "invalid_field");
      assertError(alice.postJson(V1 + "/jobs", "{\"command\":\"true\",\"collect\":[%s]}".formatted(json(bad))),
          400, "invalid_field");
    }
    assertThat(jobs()).isEmpty();
  }

  @Test
  void inputsMustBeTheCallersOwnCompleteUploadsAsDeclared() {
    JsonNode upload = upload(alice, new byte[] {1, 2, 3});

    assertError(bob.postJson(V1 + "/jobs", submission("in", upload, "out")), 403, "not_your_upload");
    String otherSize = submission("in", upload, "out").replace("\"size\":3", "\"size\":4");
    assertError(alice.postJson(V1 + "/jobs", otherSize), 400, "invalid_field");
    String unknown = submission("in", upload, "out").replace(upload.get("upload").asText(), "u_" + "0".repeat(32));
    assertError(alice.postJson(V1 + "/jobs", unknown), 422, "unknown_upload");

    assertThat(jobs()).isEmpty();
    assertThat(alice.postJson(V1 + "/jobs", submission("in", upload, "out")).status()).isEqualTo(201);
  }

  @Test
  void onlyTheWorkerHoldingTheLeaseMovesFilesAndNothingIsKeptOtherwise() {
    byte[] input = {4, 5, 6};
    String jobId = submitWithInput(alice, "in", upload(alice, input), "out").get("id").asText();
    int attempt = leaseTo("w1", jobId);
    helloAs(worker, "w2");
    ApiClient otherAgents = api.withToken(issueToken("other-agents", TokenRole.WORKER));
    helloAs(otherAgents, "w3");
    byte[] output = {9};
    Map<String, String> sha = Map.of(FileRoutes.SHA256_HEADER, sha256(output));

    assertError(worker.get(inputPath(jobId, attempt, "in", "w2")), 403, "lease_not_held");
    assertError(otherAgents.get(inputPath(jobId, attempt, "in", "w1")), 403, "forbidden");
    assertError(otherAgents.get(inputPath(jobId, attempt, "in", "w3")), 403, "lease_not_held");
    assertError(worker.get(inputPath(jobId, attempt + 1, "in", "w1")), 403, "lease_not_held");
    assertError(worker.sendBytes("PUT", outputPath(jobId, attempt, "out", "w2"), sha, output), 403, "lease_not_held");
    assertError(worker.sendBytes("PUT", outputPath(jobId, attempt, "other", "w1"), sha, output), 400, "invalid_field");
    assertError(worker.sendBytes("PUT", outputPath(jobId, attempt, "out", "w1"),
        Map.of(FileRoutes.SHA256_HEADER, sha256(input)), output), 400, "checksum_mismatch");

    assertThat(allUnusedFiles()).isEmpty();
    assertThat(api.get(V1 + "/jobs/" + jobId + "/files").json().get("outputs")).isEmpty();
  }

  @Test
  void eachRouteTakesOnlyItsRoles() {
    String jobId = submitWithInput(alice, "in", upload(alice, new byte[] {1}), "out").get("id").asText();
    int attempt = leaseTo("w1", jobId);
    byte[] data = {1};
    Map<String, String> sha = Map.of(FileRoutes.SHA256_HEADER, sha256(data));

    assertError(reader.sendBytes("POST", V1 + "/uploads", sha, data), 403, "forbidden");
    assertError(worker.sendBytes("POST", V1 + "/uploads", sha, data), 403, "forbidden");
    assertError(alice.get(inputPath(jobId, attempt, "in", "w1")), 403, "forbidden");
    assertError(reader.sendBytes("PUT", outputPath(jobId, attempt, "out", "w1"), sha, data), 403, "forbidden");
    assertError(api.withToken(null).get(V1 + "/jobs/" + jobId + "/files"), 401, "unauthorized");

    assertThat(allUnusedFiles()).isEmpty();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private JsonNode upload(ApiClient client, byte[] data) {
    ApiClient.Response r = client.sendBytes("POST", V1 + "/uploads", Map.of(FileRoutes.SHA256_HEADER, sha256(data)),
        data);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  private JsonNode submitWithInput(ApiClient client, String name, JsonNode upload, String collect) {
    ApiClient.Response r = client.postJson(V1 + "/jobs", submission(name, upload, collect));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  private static String submission(String name, JsonNode upload, String collect) {
    return """
        {"command":"true","inputs":[{"name":%s,"upload":"%s","size":%d,"sha256":"%s"}],"collect":[%s]}"""
        .formatted(json(name), upload.get("upload").asText(), upload.get("size").asLong(),
            upload.get("sha256").asText(), json(collect));
  }

  /** Has worker {@code name} lease the job; returns the attempt. */
  private int leaseTo(String name, String jobId) {
    helloAs(worker, name);
    ApiClient.Response poll = worker.postJson(V1 + "/workers/" + name + "/poll",
        "{\"incarnation\":\"inc-%s\",\"free\":1,\"waitMs\":0}".formatted(name));
    assertThat(poll.status()).as(poll.text()).isEqualTo(200);
    JsonNode jobs = poll.json().get("jobs");
    assertThat(jobs.get(0).get("jobId").asText()).isEqualTo(jobId);
    return jobs.get(0).get("attempt").asInt();
  }

  private static void helloAs(ApiClient client, String name) {
    ApiClient.Response r = client.postJson(V1 + "/workers/" + name + "/hello",
        "{\"workerId\":\"id-%s\",\"incarnation\":\"inc-%s\",\"labels\":[],\"slots\":1}".formatted(name, name));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  private List<String> allUnusedFiles() {
    return store.files().unusedBlobs(clock.instant().plus(Duration.ofDays(365)), 100).stream()
        .map(FileBlob::id).toList();
  }

  private static String inputPath(String jobId, int attempt, String name, String workerName) {
    return V1 + "/jobs/" + jobId + "/attempts/" + attempt + "/inputs/" + encode(name) + "?worker=" + workerName;
  }

  private static String outputPath(String jobId, int attempt, String name, String workerName) {
    return V1 + "/jobs/" + jobId + "/attempts/" + attempt + "/outputs/" + encode(name) + "?worker=" + workerName;
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String json(String s) {
    try {
      return io.relayq.core.Json.mapper().writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] data) {
    try {
      return FileNames.hex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
