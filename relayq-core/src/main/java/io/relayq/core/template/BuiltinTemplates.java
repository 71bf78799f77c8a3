package io.relayq.core.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The templates every coordinator has: {@code transcode} (ffmpeg) and {@code transcribe}
 * (whisper). A config file may define a template of the same name to replace one.
 */
final class BuiltinTemplates {
  private BuiltinTemplates() {}

  static Map<String, TemplateDefinition> all() {
    Map<String, TemplateDefinition> all = new LinkedHashMap<>();
    all.put("transcode", transcode());
    all.put("transcribe", transcribe());
    return all;
  }

  /** {@code ffmpeg -nostdin -i INPUT [OPTIONS...] OUTPUT}; -nostdin so ffmpeg never waits for a key. */
  private static TemplateDefinition transcode() {
    Map<String, TemplateParam> params = new LinkedHashMap<>();
    params.put("input", new TemplateParam(ParamType.PATH, true, null, null, null, null, null,
        "the file ffmpeg reads"));
    params.put("output", new TemplateParam(ParamType.PATH, true, null, null, null, null, null,
        "the file ffmpeg writes"));
    params.put("options", new TemplateParam(ParamType.LIST, null, null, null, null, null, null,
        "ffmpeg options between input and output, one argument each, like [-c:v, libx264, -crf, \"23\"]"));
    return new TemplateDefinition("Convert a media file with ffmpeg: ffmpeg -nostdin -i INPUT [OPTIONS...] OUTPUT",
        List.of("ffmpeg", "-nostdin", "-i", "{input}", "{options}", "{output}"), params, List.of("has:ffmpeg"),
        "12h", null, null, null, null, null, null);
  }

  /** {@code whisper FILE --model M --output_format F [--output_dir D] [--language L] [OPTIONS...]}. */
  private static TemplateDefinition transcribe() {
    Map<String, TemplateParam> params = new LinkedHashMap<>();
    params.put("file", new TemplateParam(ParamType.PATH, true, null, null, null, null, null,
        "the audio or video file to transcribe"));
    params.put("model", new TemplateParam(ParamType.STRING, null, "base", null, null, null,
        "[A-Za-z0-9._/][A-Za-z0-9._/-]*", "the whisper model: tiny, base, small, medium, large, turbo..."));
    params.put("outputFormat", new TemplateParam(ParamType.ENUM, null, "txt",
        List.of("txt", "vtt", "srt", "tsv", "json", "all"), null, null, null, "the transcript's file format"));
    params.put("outputDir", new TemplateParam(ParamType.PATH, null, null, null, null, null, null,
        "where whisper writes the transcript files (default: the job's directory)"));
    params.put("language", new TemplateParam(ParamType.STRING, null, null, null, null, null,
        "[A-Za-z][A-Za-z ]{0,31}", "the spoken language, like en or English (default: detected)"));
    params.put("options", new TemplateParam(ParamType.LIST, null, null, null, null, null, null,
        "more whisper options, one argument each"));
    List<Object> argv = List.of("whisper", "{file}", "--model", "{model}", "--output_format", "{outputFormat}",
        List.of("--output_dir", "{outputDir}"), List.of("--language", "{language}"), "{options}");
    return new TemplateDefinition("Transcribe speech with whisper; the transcript is printed and written to files",
        argv, params, List.of("has:whisper"), "4h", null, null, null, null, null, null);
  }
}
