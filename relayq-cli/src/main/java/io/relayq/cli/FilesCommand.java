package io.relayq.cli;

import io.relayq.core.api.FileList;
import io.relayq.core.api.FileView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relayq files ID}: lists a job's files, or downloads its outputs. */
@Command(
    name = "files",
    header = "List or download a job's files.",
    description = {
      "List the input files a job was submitted with (run --file) and the outputs it",
      "collected (run --collect), with sizes and SHA-256; outputs the job ended without",
      "are listed as missing. --get NAME downloads one output, -o DIR all of them; each",
      "download is checked against its SHA-256 before it is kept.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class FilesCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "the job id")
  private String id;

  @Option(names = "--get", paramLabel = "NAME", description = "download this output (into -o DIR, default the current directory)")
  private String get;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "download into this directory (every output without --get)")
  private Path out;

  @Option(names = "--json", description = "print the list as JSON (the API's FileList)")
  private boolean json;

  @Override
  protected int execute() {
    String job = jobId(id);
    if (get != null || out != null) {
      return download(job);
    }
    FileList files = client().files(job);
    if (json) {
      JsonOutput.print(ctx().out(), files);
    } else {
      Table table = new Table("KIND", "NAME", "SIZE", "SHA256");
      files.inputs().forEach(f -> table.row("input", f.name(), Long.toString(f.size()), f.sha256()));
      files.outputs().forEach(f -> table.row("output", f.name(), Long.toString(f.size()), f.sha256()));
      files.missing().forEach(name -> table.row("missing", name, "-", "-"));
      table.print(ctx().out());
    }
    ctx().out().flush();
    return ExitCodes.OK;
  }

  private int download(String job) {
    Path dir = out == null ? Path.of(".") : out;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw CliException.usage("-o: cannot create " + dir + " (" + e.getMessage() + ")");
    }
    if (get != null) {
      client().downloadOutput(job, get, dir.resolve(get));
      ctx().out().println(dir.resolve(get));
    } else {
      FileList files = client().files(job);
      for (FileView f : files.outputs()) {
        client().downloadOutput(job, f.name(), dir.resolve(f.name()));
        ctx().out().println(dir.resolve(f.name()));
      }
      if (!files.missing().isEmpty()) {
        ctx().note("missing (the job ended without them): " + String.join(", ", files.missing()));
      }
    }
    ctx().out().flush();
    return ExitCodes.OK;
  }
}
