package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.auth.TokenRole;
import org.junit.jupiter.api.Test;

/** Token management over HTTP: admin only, the text shown once, revocation at once. */
class TokenApiTest extends CoordinatorTestSupport {

  @Test
  void aCreatedTokenWorksIsListedWithoutItsTextAndStopsWorkingWhenRevoked() {
    ApiClient.Response created = api.postJson(V1 + "/tokens", "{\"name\":\"ci\",\"role\":\"submit\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String token = created.json().get("token").asText();
    assertThat(token).startsWith("rq_");
    assertThat(created.json().get("role").asText()).isEqualTo("submit");

    ApiClient ci = api.withToken(token);
    assertThat(ci.postJson(V1 + "/jobs", "{\"command\":\"true\"}").status()).isEqualTo(201);
    assertThat(ci.get(V1 + "/jobs").status()).isEqualTo(200);

    ApiClient.Response list = api.get(V1 + "/tokens");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.text()).doesNotContain(token).doesNotContain(adminToken).doesNotContainIgnoringCase("hash");
    JsonNode ciView = null;
    for (JsonNode t : list.json().get("tokens")) {
      if (t.get("name").asText().equals("ci")) {
        ciView = t;
      }
    }
    assertThat(ciView).isNotNull();
    assertThat(ciView.get("role").asText()).isEqualTo("submit");
    assertThat(ciView.get("createdAt").asText()).isNotBlank();
    assertThat(ciView.has("revokedAt")).as("not revoked").isFalse();

    // cached by the authenticator since the calls above; the revocation must still apply at once
    ApiClient.Response revoked = api.send("DELETE", V1 + "/tokens/ci");
    assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
    assertThat(revoked.json().get("revokedAt").asText()).isNotBlank();
    assertError(ci.get(V1 + "/jobs"), 401, "unauthorized");
  }

  @Test
  void badRolesNamesDuplicatesAndUnknownNamesAreClearErrorsThatChangeNothing() {
    assertError(api.postJson(V1 + "/tokens", "{\"name\":\"x\",\"role\":\"root\"}"), 400, "invalid_field");
    assertError(api.postJson(V1 + "/tokens", "{\"name\":\"x\"}"), 400, "invalid_field");
    assertError(api.postJson(V1 + "/tokens", "{\"name\":\"has space\",\"role\":\"read\"}"), 400, "invalid_field");
    assertError(api.postJson(V1 + "/tokens", "{\"role\":\"read\"}"), 400, "invalid_field");
    assertThat(store.listTokens()).hasSize(1);

    assertThat(api.postJson(V1 + "/tokens", "{\"name\":\"dash\",\"role\":\"read\"}").status()).isEqualTo(201);
    assertError(api.postJson(V1 + "/tokens", "{\"name\":\"dash\",\"role\":\"admin\"}"), 409, "token_name_taken");
    assertThat(store.listTokens()).hasSize(2);

    assertError(api.send("DELETE", V1 + "/tokens/nobody"), 404, "not_found");
    assertThat(store.listTokens()).noneMatch(t -> t.revoked());
  }

  @Test
  void onlyAdminTokensManageTokens() {
    for (TokenRole role : new TokenRole[] {TokenRole.SUBMIT, TokenRole.READ, TokenRole.WORKER}) {
      ApiClient other = api.withToken(issueToken("t-" + role.wireName(), role));
      assertError(other.get(V1 + "/tokens"), 403, "forbidden");
      assertError(other.postJson(V1 + "/tokens", "{\"name\":\"mine\",\"role\":\"admin\"}"), 403, "forbidden");
      assertError(other.send("DELETE", V1 + "/tokens/test-admin"), 403, "forbidden");
    }
    assertThat(store.listTokens()).noneMatch(t -> t.revoked() || t.name().equals("mine"));
  }
}
