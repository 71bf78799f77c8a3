package io.relayq.cli;

import io.relayq.client.OutputListener;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relayq logs ID}: a job's output, byte for byte, optionally following it to the end. */
@Command(
    name = "logs",
    header = "Print a job's output; -f follows it until the job ends.",
    description = {
      "Print a job's output as raw bytes, stdout and stderr interleaved in the order",
      "they arrived. Without --attempt: the latest attempt; with -f every attempt",
      "from the first one.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class LogsCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "the job id")
  private String id;

  @Option(names = {"-f", "--follow"}, description = "keep printing new output until the job ends")
  private boolean follow;

  @Option(names = "--attempt", paramLabel = "N", description = "only this attempt (1 is the first)")
  private Integer attempt;

  @Option(names = "--stream", paramLabel = "STREAM", description = "only stdout or only stderr")
  private String stream;

  @Override
  protected int execute() {
    String job = jobId(id);
    if (attempt != null && attempt < 1) {
      throw CliException.usage("--attempt: " + attempt + " is not an attempt number (the first attempt is 1)");
    }
    OutputChannel only = channel();
    PrintStream out = ctx().out();
    if (!follow) {
      out.writeBytes(client().output(job, attempt, only));
      out.flush();
      return ExitCodes.OK;
    }
    client().follow(job, 0, new OutputListener() {
      private int lastAttempt;

      @Override
      public void onOutput(int chunkAttempt, OutputChannel chunkStream, long seq, byte[] data) {
        if ((attempt != null && chunkAttempt != attempt) || (only != null && chunkStream != only)) {
          return;
        }
        if (lastAttempt != 0 && chunkAttempt != lastAttempt) {
          out.flush();
          ctx().note("attempt " + chunkAttempt + ":");
        }
        lastAttempt = chunkAttempt;
        out.write(data, 0, data.length);
        out.flush();
      }

      @Override
      public void onState(JobView view) {
        // the output alone is what logs shows
      }
    });
    return ExitCodes.OK;
  }

  private OutputChannel channel() {
    if (stream == null) {
      return null;
    }
    try {
      return OutputChannel.fromWire(stream);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--stream: " + e.getMessage());
    }
  }
}
