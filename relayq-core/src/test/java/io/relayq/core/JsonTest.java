package io.relayq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void specRoundTripsWithHumanDurationsAndLowerCaseStates() throws Exception {
    JobSpec spec = JobSpecValidator.validate(JobSubmission.builder().command("echo hi").timeout("90s").build());
    String json = Json.mapper().writeValueAsString(spec);
    assertThat(json).contains("\"timeout\":\"1m30s\"").contains("\"leaseTtl\":\"15s\"");
    assertThat(Json.mapper().readValue(json, JobSpec.class)).isEqualTo(spec);
    assertThat(Json.mapper().writeValueAsString(JobState.RUNNING)).isEqualTo("\"running\"");
  }

  @Test
  void unknownFieldsAreErrorsNamingTheField() {
    assertThatThrownBy(() -> Json.mapper().readValue("{\"command\":\"x\",\"comand\":1}", JobSubmission.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("comand");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "{\"metadata\":" + "[".repeat(200) + "]".repeat(200) + "}";
    assertThatThrownBy(() -> Json.mapper().readValue(deep, JobSubmission.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void scalarsOfTheWrongTypeAreNotCoerced() {
    assertThatThrownBy(() -> Json.mapper().readValue("{\"command\":\"x\",\"delay\":5}", JobSubmission.class))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.mapper().readValue("{\"command\":\"x\",\"retries\":\"3\"}", JobSubmission.class))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.mapper().readValue("{\"command\":true}", JobSubmission.class))
        .isInstanceOf(JsonProcessingException.class);
  }
}
