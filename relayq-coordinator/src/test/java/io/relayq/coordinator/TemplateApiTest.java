package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.Json;
import io.relayq.core.template.TemplateCatalog;
import io.relayq.core.template.TemplateDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateApiTest extends CoordinatorTestSupport {
  private static final String HOSTILE = "a'; rm -rf ~; '.mp4";

  @Override
  CoordinatorConfig config() {
    try {
      Map<String, TemplateDefinition> configured = Json.mapper().readValue("""
          {"thumbnail": {"description": "One frame as a JPEG",
                         "argv": ["ffmpeg", "-nostdin", "-ss", "{at}", "-i", "{input}", "-frames:v", "1", "{output}"],
                         "params": {"input": {"type": "path", "required": true},
                                    "output": {"type": "path", "required": true},
                                    "at": {"type": "int", "default": 1, "min": 0}},
                         "labels": ["has:ffmpeg"], "timeout": "10m", "retries": 0, "priority": 3}}""",
          new TypeReference<>() {});
      return super.config().withTemplates(TemplateCatalog.withConfig(configured));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aTemplateJobRunsTheExpandedArgvAndRecordsWhereItCameFrom() {
    String id = submit("""
        {"template": "transcode", "params": {"input": "%s", "output": "out.mp4", "options": ["-crf", "23"]},
         "labels": ["mac"], "key": "t-1"}""".formatted(HOSTILE.replace("'", "'"))).get("id").asText();

    JsonNode job = job(id);
    JsonNode spec = job.get("spec");
    assertThat(spec.get("command")).isNull();
    assertThat(spec.get("argv")).extracting(JsonNode::asText)
        .containsExactly("ffmpeg", "-nostdin", "-i", HOSTILE, "-crf", "23", "out.mp4");
    assertThat(spec.get("labels")).extracting(JsonNode::asText).containsExactly("has:ffmpeg", "mac");
    assertThat(spec.get("timeout").asText()).isEqualTo("12h");
    assertThat(spec.get("template").get("name").asText()).isEqualTo("transcode");
    assertThat(spec.get("template").get("params").get("input").asText()).isEqualTo(HOSTILE);
    assertThat(spec.get("template").get("params").get("options")).extracting(JsonNode::asText).containsExactly("-crf", "23");
  }

  @Test
  void theSameKeyAndTheSameParamsReturnTheSameJobAndOtherParamsAreAConflict() {
    String body = "{\"template\": \"thumbnail\", \"params\": {\"input\": \"a.mp4\", \"output\": \"a.jpg\", \"at\": %d},"
        + " \"key\": \"thumb-a\"}";
    ApiClient.Response first = api.postJson(V1 + "/jobs", body.formatted(5));
    ApiClient.Response again = api.postJson(V1 + "/jobs", body.formatted(5));
    ApiClient.Response other = api.postJson(V1 + "/jobs", body.formatted(6));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    assertError(other, 409, "key_conflict");
  }

  @Test
  void aConfiguredTemplateAppliesItsDefaultsUnlessTheJobGivesItsOwn() {
    JsonNode byDefault = job(submit("{\"template\":\"thumbnail\",\"params\":{\"input\":\"a.mp4\",\"output\":\"a.jpg\"}}")
        .get("id").asText()).get("spec");
    JsonNode own = job(submit("{\"template\":\"thumbnail\",\"params\":{\"input\":\"a.mp4\",\"output\":\"a.jpg\",\"at\":42},"
        + "\"timeout\":\"1m\",\"retries\":3,\"priority\":-1}").get("id").asText()).get("spec");

    assertThat(byDefault.get("argv")).extracting(JsonNode::asText)
        .containsExactly("ffmpeg", "-nostdin", "-ss", "1", "-i", "a.mp4", "-frames:v", "1", "a.jpg");
    assertThat(byDefault.get("timeout").asText()).isEqualTo("10m");
    assertThat(byDefault.get("maxAttempts").asInt()).isEqualTo(1);
    assertThat(byDefault.get("priority").asInt()).isEqualTo(3);
    assertThat(byDefault.get("template").get("params").get("at").asInt()).isEqualTo(1);
    assertThat(own.get("argv").get(3).asText()).isEqualTo("42");
    assertThat(own.get("timeout").asText()).isEqualTo("1m");
    assertThat(own.get("maxAttempts").asInt()).isEqualTo(4);
    assertThat(own.get("priority").asInt()).isEqualTo(-1);
  }

  @Test
  void badTemplateSubmissionsAreRefusedAndChangeNothing() {
    assertError(api.postJson(V1 + "/jobs", "{\"template\":\"nope\",\"params\":{}}"), 400, "unknown_template");
    assertError(api.postJson(V1 + "/jobs", "{\"template\":\"transcode\",\"params\":{\"input\":\"a\"}}"), 400,
        "missing_param");
    assertError(api.postJson(V1 + "/jobs",
        "{\"template\":\"transcode\",\"params\":{\"input\":\"a\",\"output\":\"b\",\"size\":\"x\"}}"), 400, "unknown_param");
    ApiClient.Response wrongType = api.postJson(V1 + "/jobs",
        "{\"template\":\"thumbnail\",\"params\":{\"input\":\"a\",\"output\":\"b\",\"at\":\"5\"}}");
    assertError(wrongType, 400, "invalid_param");
    assertThat(wrongType.errorMessage()).isEqualTo(
        "parameter 'at' of template 'thumbnail': expected an integer, got \"5\"");
    assertError(api.postJson(V1 + "/jobs",
        "{\"template\":\"transcode\",\"params\":{\"input\":\"-y\",\"output\":\"b\"}}"), 400, "invalid_param");
    assertError(api.postJson(V1 + "/jobs",
        "{\"template\":\"transcode\",\"command\":\"rm -rf ~\",\"params\":{\"input\":\"a\",\"output\":\"b\"}}"), 400,
        "invalid_param");
    assertError(api.postJson(V1 + "/jobs", "{\"command\":\"true\",\"params\":{\"input\":\"a\"}}"), 400, "invalid_field");
    assertError(api.postJson(V1 + "/jobs",
        "{\"template\":\"transcode\",\"params\":{\"input\":\"a\",\"output\":\"b\"},\"timeout\":\"99d\"}"), 400,
        "invalid_field");

    assertThat(jobs()).isEmpty();
  }

  @Test
  void templatesAreListedWithTheirParameterSchemas() {
    ApiClient.Response r = api.get(V1 + "/templates");

    assertThat(r.status()).isEqualTo(200);
    JsonNode templates = r.json().get("templates");
    assertThat(templates).extracting(t -> t.get("name").asText()).containsExactly("thumbnail", "transcode", "transcribe");
    JsonNode transcode = templates.get(1);
    assertThat(transcode.get("source").asText()).isEqualTo("builtin");
    assertThat(transcode.get("labels")).extracting(JsonNode::asText).containsExactly("has:ffmpeg");
    assertThat(transcode.get("timeout").asText()).isEqualTo("12h");
    assertThat(transcode.get("params").get("input").get("type").asText()).isEqualTo("path");
    assertThat(transcode.get("params").get("input").get("required").asBoolean()).isTrue();
    assertThat(transcode.get("params").get("options").get("type").asText()).isEqualTo("list");
    JsonNode transcribe = templates.get(2);
    assertThat(transcribe.get("params").get("outputFormat").get("values")).extracting(JsonNode::asText)
        .contains("txt", "srt");
    assertThat(transcribe.get("params").get("model").get("default").asText()).isEqualTo("base");
    assertThat(templates.get(0).get("source").asText()).isEqualTo("config");

    ApiClient.Response one = api.get(V1 + "/templates/thumbnail");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("params").get("at").get("min").asInt()).isZero();
    assertError(api.get(V1 + "/templates/nope"), 404, "not_found");
  }
}
