package io.relayq.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.relayq.core.Json;
import io.relayq.core.JobSpec;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobSubmission;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateCatalogTest {
  private static final String HOSTILE = "a'; rm -rf ~; '.mp4";
  private final TemplateCatalog builtins = TemplateCatalog.builtins();

  private static JobSubmission template(String name, Map<String, Object> params) {
    return JobSubmission.builder().template(name).params(params).build();
  }

  @Test
  void transcodePutsEachValueIntoOneArgumentWhateverItHolds() {
    var e = builtins.expand(template("transcode",
        Map.of("input", HOSTILE, "output", "$(touch pwned) `id`.mp4", "options", List.of("-c:v", "libx264", "-crf", "23"))));

    assertThat(e.submission().argv()).containsExactly("ffmpeg", "-nostdin", "-i", HOSTILE, "-c:v", "libx264", "-crf",
        "23", "$(touch pwned) `id`.mp4");
    assertThat(e.submission().command()).isNull();
    assertThat(e.submission().labels()).containsExactly("has:ffmpeg");
    assertThat(e.submission().timeout()).isEqualTo("12h");
    assertThat(e.use().name()).isEqualTo("transcode");
    assertThat(e.use().params()).containsEntry("input", HOSTILE).containsEntry("options", List.of("-c:v", "libx264", "-crf", "23"));
  }

  @Test
  void theJobsOwnOptionsWinOverTheTemplatesDefaultsAndLabelsAddUp() {
    JobSubmission s = JobSubmission.builder().template("transcode").params(Map.of("input", "a.mp4", "output", "b.mp4"))
        .labels(List.of("mac")).timeout("30m").retries(0).priority(9).build();

    JobSpec spec = JobSpecValidator.validate(builtins.expand(s).submission());

    assertThat(spec.labels()).containsExactly("has:ffmpeg", "mac");
    assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(spec.maxAttempts()).isEqualTo(1);
    assertThat(spec.priority()).isEqualTo(9);
    assertThat(spec.argv()).containsExactly("ffmpeg", "-nostdin", "-i", "a.mp4", "b.mp4");
  }

  @Test
  void transcribeLeavesOutGroupsWhoseParametersHaveNoValue() {
    var bare = builtins.expand(template("transcribe", Map.of("file", "talk.wav")));
    var full = builtins.expand(template("transcribe", Map.of("file", "talk.wav", "model", "small",
        "outputFormat", "srt", "outputDir", "subs dir", "language", "en")));

    assertThat(bare.submission().argv()).containsExactly("whisper", "talk.wav", "--model", "base", "--output_format", "txt");
    assertThat(bare.use().params()).isEqualTo(Map.of("file", "talk.wav", "model", "base", "outputFormat", "txt"));
    assertThat(full.submission().argv()).containsExactly("whisper", "talk.wav", "--model", "small", "--output_format",
        "srt", "--output_dir", "subs dir", "--language", "en");
    assertThat(full.submission().labels()).containsExactly("has:whisper");
  }

  @Test
  void anUnknownTemplateNamesTheKnownOnes() {
    assertThatThrownBy(() -> builtins.expand(template("transcod", Map.of())))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.code()).isEqualTo("unknown_template"))
        .hasMessageContaining("'transcod'").hasMessageContaining("transcode, transcribe");
  }

  @Test
  void badParametersAreRefusedWithWhatWasExpected() {
    assertCode(Map.of("input", "a.mp4", "output", "b.mp4", "ouptut", "c"), "unknown_param", "no parameter 'ouptut'");
    assertCode(Map.of("input", "a.mp4"), "missing_param", "needs parameter 'output'");
    assertCode(Map.of("input", 5, "output", "b.mp4"), "invalid_param", "expected a path (a string), got 5");
    assertCode(Map.of("input", "a.mp4", "output", "b.mp4", "options", "-y"), "invalid_param", "expected a list of strings");
    assertCode(Map.of("input", "a.mp4", "output", "b.mp4", "options", List.of("-crf", 23)), "invalid_param",
        "element 1: expected a string, got 23");
    assertCode(Map.of("input", "-i", "output", "b.mp4"), "invalid_param", "starts with '-'");
    assertCode(Map.of("input", "", "output", "b.mp4"), "invalid_param", "the path is empty");
    assertCode(Map.of("input", "a\0b", "output", "b.mp4"), "invalid_param", "NUL");
    Map<String, Object> nullValue = new LinkedHashMap<>(Map.of("input", "a.mp4", "output", "b.mp4"));
    nullValue.put("options", null);
    assertCode(nullValue, "invalid_param", "needs a value");
  }

  @Test
  void enumsPatternsAndIntRangesAreChecked() {
    assertThatThrownBy(() -> builtins.expand(template("transcribe", Map.of("file", "a.wav", "outputFormat", "docx"))))
        .hasMessageContaining("expected one of txt, vtt, srt, tsv, json, all, got \"docx\"");
    assertThatThrownBy(() -> builtins.expand(template("transcribe", Map.of("file", "a.wav", "language", "en; rm -rf ~"))))
        .hasMessageContaining("does not match the pattern");
    TemplateCatalog c = catalog("""
        {"crop": {"argv": ["crop", "--size={size}", "{file}"],
                  "params": {"size": {"type": "int", "min": 1, "max": 100, "default": 50},
                             "file": {"type": "path", "required": true}}}}""");

    assertThat(c.expand(template("crop", Map.of("file", "x.png"))).submission().argv())
        .containsExactly("crop", "--size=50", "x.png");
    assertThat(c.expand(template("crop", Map.of("file", "x.png", "size", 7))).submission().argv())
        .containsExactly("crop", "--size=7", "x.png");
    assertThatThrownBy(() -> c.expand(template("crop", Map.of("file", "x.png", "size", 101))))
        .hasMessageContaining("101 is out of range 1..100");
    assertThatThrownBy(() -> c.expand(template("crop", Map.of("file", "x.png", "size", "7"))))
        .hasMessageContaining("expected an integer, got \"7\"");
  }

  @Test
  void aTemplateJobMayNotAlsoGiveACommand() {
    JobSubmission s = JobSubmission.builder().template("transcode").command("rm -rf ~")
        .params(Map.of("input", "a", "output", "b")).build();

    assertThatThrownBy(() -> builtins.expand(s)).hasMessageContaining("leave out command and argv");
  }

  @Test
  void theValidatorRefusesATemplateSubmissionThatWasNotExpanded() {
    assertThatThrownBy(() -> JobSpecValidator.validate(template("transcode", Map.of())))
        .hasMessageContaining("expanded by the coordinator");
    assertThatThrownBy(() -> JobSpecValidator.validate(JobSubmission.builder().command("true").params(Map.of("a", "b")).build()))
        .hasMessageContaining("params are only used with a template");
  }

  @Test
  void aConfiguredTemplateMayReplaceABuiltinOne() {
    TemplateCatalog c = catalog("""
        {"transcode": {"argv": ["/opt/ffmpeg/bin/ffmpeg", "-y", "-i", "{input}", "{output}"], "labels": ["gpu"],
                       "timeout": "2h", "retries": 0, "priority": 5,
                       "params": {"input": {"type": "path", "required": true}, "output": {"type": "path", "required": true}}}}""");

    var e = c.expand(template("transcode", Map.of("input", "a", "output", "b")));

    assertThat(e.submission().argv()).containsExactly("/opt/ffmpeg/bin/ffmpeg", "-y", "-i", "a", "b");
    assertThat(e.submission().labels()).containsExactly("gpu");
    assertThat(e.submission().timeout()).isEqualTo("2h");
    assertThat(e.submission().retries()).isZero();
    assertThat(e.submission().priority()).isEqualTo(5);
    assertThat(c.find("transcode").orElseThrow().source()).isEqualTo("config");
    assertThat(c.find("transcribe").orElseThrow().source()).isEqualTo("builtin");
  }

  @Test
  void aTemplateMaySetPreferredLabelsAndAConcurrencyGroupThatTheJobsOwnReplace() {
    TemplateCatalog c = catalog("""
        {"encode": {"argv": ["encode", "{file}"], "params": {"file": {"type": "path", "required": true}},
                    "prefer": ["mac"], "preferWait": "2m", "group": "gpu", "groupLimit": 1}}""");
    JobSubmission plain = template("encode", Map.of("file", "a.mov"));

    JobSpec byDefault = JobSpecValidator.validate(c.expand(plain).submission());
    JobSpec own = JobSpecValidator.validate(c.expand(JobSubmission.builder().template("encode")
        .params(Map.of("file", "a.mov")).prefer(List.of("rpi")).group("cpu").build()).submission());
    JobSpec sameGroup = JobSpecValidator.validate(c.expand(JobSubmission.builder().template("encode")
        .params(Map.of("file", "a.mov")).group("gpu").groupLimit(3).build()).submission());

    assertThat(byDefault.preferLabels()).containsExactly("mac");
    assertThat(byDefault.preferWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(byDefault.group()).isEqualTo("gpu");
    assertThat(byDefault.groupLimit()).isEqualTo(1);
    assertThat(own.preferLabels()).containsExactly("rpi");
    assertThat(own.preferWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(own.group()).isEqualTo("cpu");
    assertThat(own.groupLimit()).isEqualTo(JobSpec.DEFAULT_GROUP_LIMIT);
    assertThat(sameGroup.groupLimit()).isEqualTo(3);
    assertThat(c.find("encode").orElseThrow().view().group()).isEqualTo("gpu");
  }

  @Test
  void literalBracesAreWrittenDoubled() {
    TemplateCatalog c = catalog("""
        {"fmt": {"argv": ["jq", "{{name: {field}}}"], "params": {"field": {"type": "enum", "values": ["a", "b"], "default": "a"}}}}""");

    assertThat(c.expand(template("fmt", Map.of())).submission().argv()).containsExactly("jq", "{name: a}");
  }

  @Test
  void brokenDefinitionsAreRefusedNamingTheSetting() {
    assertInvalid("{\"x\": {\"argv\": []}}", "templates.x.argv: argv is required");
    assertInvalid("{\"x\": {\"argv\": [\"{cmd}\"], \"params\": {\"cmd\": {\"type\": \"string\"}}}}",
        "templates.x.argv[0]: the program is fixed text");
    assertInvalid("{\"x\": {\"argv\": [\"p\", \"{nope}\"]}}", "templates.x.argv[1]: \"{nope}\" names no declared parameter");
    assertInvalid("{\"x\": {\"argv\": [\"p\"], \"params\": {\"a\": {\"type\": \"string\"}}}}",
        "parameter 'a' is declared but argv never uses it");
    assertInvalid("{\"x\": {\"argv\": [\"p\", \"--o={l}\"], \"params\": {\"l\": {\"type\": \"list\"}}}}",
        "the list parameter 'l' must be a word of its own");
    assertInvalid("{\"x\": {\"argv\": [\"p\", \"{a}\"], \"params\": {\"a\": {\"type\": \"enum\"}}}}",
        "templates.x.params.a: an enum needs its values");
    assertInvalid("{\"x\": {\"argv\": [\"p\", \"{a}\"], \"params\": {\"a\": {\"type\": \"int\", \"default\": \"5\"}}}}",
        "templates.x.params.a.default: expected an integer");
    assertInvalid("{\"x\": {\"argv\": [\"p\", \"{a}\"], \"params\": {\"a\": {\"type\": \"path\", \"required\": true, \"default\": \"f\"}}}}",
        "a required parameter has no default");
    assertInvalid("{\"x\": {\"argv\": [\"p\", 1]}}", "templates.x.argv[1]: expected a string, got 1; quote it");
    assertInvalid("{\"x\": {\"argv\": [\"p\", \"a}\"]}}", "a lone '}'");
    assertInvalid("{\"x\": {\"argv\": [\"p\"], \"timeout\": \"forever\"}}", "templates.x.timeout");
    assertInvalid("{\"x\": {\"argv\": [\"p\"], \"labels\": [\"no spaces\"]}}", "templates.x.labels");
    assertInvalid("{\"Bad Name\": {\"argv\": [\"p\"]}}", "invalid template name 'Bad Name'");
    assertInvalid("{\"x\": {\"argv\": [\"p\", [\"--v\"]]}}", "a group without a {parameter}");
    assertInvalid("{\"x\": {\"argv\": [\"p\"], \"groupLimit\": 2}}", "templates.x.groupLimit: a limit needs a group");
    assertInvalid("{\"x\": {\"argv\": [\"p\"], \"prefer\": [\"bad label\"]}}", "templates.x.prefer");
  }

  private void assertCode(Map<String, Object> params, String code, String message) {
    assertThatThrownBy(() -> builtins.expand(template("transcode", params)))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> catalog(json))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.code()).isEqualTo("invalid_template"))
        .hasMessageContaining(message);
  }

  private static TemplateCatalog catalog(String json) {
    try {
      return TemplateCatalog.withConfig(Json.mapper().readValue(json, new TypeReference<Map<String, TemplateDefinition>>() {}));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
