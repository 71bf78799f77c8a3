package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.core.auth.TokenRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route the coordinator registers, read from its router (so a route added later is checked
 * too), against callers who must not pass: no token, a revoked token, a token of a role the route
 * does not allow, a worker token acting for another token's worker, a submit token reaching for
 * another token's job.
 */
class AccessControlTest extends CoordinatorTestSupport {
  private static final String POLL = "{\"incarnation\":\"inc-1\",\"free\":1,\"waitMs\":0}";
  /** A request each worker route would accept from the right token, by the route's last segment. */
  private static final Map<String, String> WORKER_BODIES = Map.of(
      "hello", "{\"workerId\":\"id-mini\",\"incarnation\":\"inc-2\",\"labels\":[],\"slots\":1}",
      "poll", POLL,
      "heartbeat", "{\"incarnation\":\"inc-1\",\"leases\":[{\"jobId\":\"%s\",\"attempt\":1}]}",
      "goodbye", "{\"incarnation\":\"inc-1\",\"draining\":false}",
      "output", "forged output\n",
      "finish", "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}",
      "{name}", "forged file\n");

  private List<Coordinator.RouteAccess> routes;
  private String jobId;
  private ApiClient rackA;
  private ApiClient rackB;

  @BeforeEach
  void leaseAJobToAWorkerOfOneWorkerToken() {
    routes = coordinator.routes();
    assertThat(routes).as("the router lists the routes").extracting(r -> r.method() + " " + r.path())
        .contains("POST /api/v1/jobs", "POST /api/v1/workers/{name}/poll", "DELETE /api/v1/tokens/{name}");
    rackA = api.withToken(issueToken("rack-a", TokenRole.WORKER));
    rackB = api.withToken(issueToken("rack-b", TokenRole.WORKER));
    assertThat(rackA.postJson(V1 + "/workers/mini/hello",
        "{\"workerId\":\"id-mini\",\"incarnation\":\"inc-1\",\"labels\":[],\"slots\":1}").status()).isEqualTo(200);
    assertThat(rackB.postJson(V1 + "/workers/other/hello",
        "{\"workerId\":\"id-other\",\"incarnation\":\"inc-1\",\"labels\":[],\"slots\":1}").status()).isEqualTo(200);
    jobId = submit("{\"command\":\"sleep 60\"}").get("id").asText();
    assertThat(rackA.postJson(V1 + "/workers/mini/poll", POLL).json().get("jobs")).hasSize(1);
  }

  @Test
  void everyRouteButTheOpenOnesRefusesARequestWithoutATokenWith401() {
    ApiClient anonymous = api.withToken(null);
    List<String> wrong = new ArrayList<>();
    for (Coordinator.RouteAccess r : guarded()) {
      expect(wrong, r, call(anonymous, r, "{}"), 401, "unauthorized");
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyRouteRefusesARevokedTokenWith401() {
    ApiClient revoked = api.withToken(issueToken("gone", TokenRole.ADMIN));
    store.revokeToken("gone", clock.instant());
    List<String> wrong = new ArrayList<>();
    for (Coordinator.RouteAccess r : guarded()) {
      expect(wrong, r, call(revoked, r, "{}"), 401, "unauthorized");
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyRouteRefusesATokenOfARoleItDoesNotAllowWith403() {
    Map<TokenRole, ApiClient> byRole = Map.of(
        TokenRole.READ, api.withToken(issueToken("reader", TokenRole.READ)),
        TokenRole.SUBMIT, api.withToken(issueToken("submitter", TokenRole.SUBMIT)),
        TokenRole.WORKER, rackB);
    List<String> wrong = new ArrayList<>();
    for (Coordinator.RouteAccess r : guarded()) {
      for (TokenRole role : byRole.keySet()) {
        if (!r.access().allows(role)) {
          expect(wrong, r, call(byRole.get(role), r, "{}"), 403, "forbidden");
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(job(jobId).get("state").asText()).isEqualTo("running");
  }

  @Test
  void everyWorkerRouteRefusesAWorkerTokenActingForAnotherTokensWorkerWith403() {
    List<String> wrong = new ArrayList<>();
    for (Coordinator.RouteAccess r : guarded()) {
      if (r.access() != Access.WORKER) {
        continue;
      }
      String segment = r.path().substring(r.path().lastIndexOf('/') + 1);
      String body = WORKER_BODIES.get(segment);
      assertThat(body).as("a valid request for the new worker route " + r.path() + ": add one to WORKER_BODIES")
          .isNotNull();
      expect(wrong, r, call(rackB, r, body.formatted(jobId)), 403, "forbidden");
    }
    assertThat(wrong).isEmpty();
    assertThat(job(jobId).get("state").asText()).as("still running on mini").isEqualTo("running");
    assertThat(job(jobId).get("worker").asText()).isEqualTo("mini");
    assertThat(api.get(V1 + "/jobs/" + jobId + "/output").text()).isEmpty();
    assertThat(rackA.postJson(V1 + "/workers/mini/poll", POLL).status()).as("mini is still registered").isEqualTo(200);
  }

  @Test
  void everyJobRouteAnswersASubmitTokenReachingForAnotherTokensJobAsIfItDidNotExist() {
    ApiClient ben = api.withToken(issueToken("ben", TokenRole.SUBMIT));
    List<String> wrong = new ArrayList<>();
    for (Coordinator.RouteAccess r : guarded()) {
      if (r.path().contains("{id}") && r.access().allows(TokenRole.SUBMIT)) {
        expect(wrong, r, call(ben, r, "{}"), 404, "not_found");
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(job(jobId).get("state").asText()).isEqualTo("running");
    assertThat(job(jobId).get("cancelRequested").asBoolean()).isFalse();
  }

  private List<Coordinator.RouteAccess> guarded() {
    return routes.stream().filter(r -> r.access() != Access.OPEN).toList();
  }

  private ApiClient.Response call(ApiClient client, Coordinator.RouteAccess r, String body) {
    String path = r.path().replace("{id}", jobId).replace("{attempt}", "1")
        .replace("/tokens/{name}", "/tokens/rack-a").replace("{name}", "mini");
    if (path.endsWith("/output") && r.access() == Access.WORKER) {
      return client.post(path + "?stream=stdout&offset=0", "application/octet-stream",
          body.getBytes(StandardCharsets.UTF_8));
    }
    if ((path.contains("/inputs/") || path.contains("/outputs/")) && r.access() == Access.WORKER) {
      return client.sendBytes(r.method(), path + "?worker=mini", Map.of(),
          r.method().equals("GET") ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }
    return r.method().equals("POST") ? client.postJson(path, body) : client.send(r.method(), path);
  }

  private static void expect(List<String> wrong, Coordinator.RouteAccess r, ApiClient.Response res, int status,
      String code) {
    if (res.status() != status || !code.equals(res.errorCode())) {
      wrong.add(r.method() + " " + r.path() + " (" + r.access() + "): " + res.status() + " " + res.text());
    }
  }
}
