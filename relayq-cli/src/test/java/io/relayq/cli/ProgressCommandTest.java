package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressCommandTest {
  @TempDir Path dir;

  @Test
  void insideAJobItAppendsALineToTheProgressFile() throws Exception {
    Path file = dir.resolve("progress");
    CliRunner inJob = new CliRunner(Map.of("HOME", dir.toString(), "RELAYQ_PROGRESS_FILE", file.toString()));

    assertThat(inJob.run("progress", "42", "encoding", "pass  2").exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(inJob.run("progress", "99.5%").exitCode()).isEqualTo(ExitCodes.OK);

    assertThat(Files.readAllLines(file)).containsExactly("42 encoding pass 2", "99");
  }

  @Test
  void outsideAJobItSaysSoAndWritesNothing() {
    CliRunner.Result r = new CliRunner(Map.of("HOME", dir.toString())).run("progress", "42");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("not inside a relayq job: RELAYQ_PROGRESS_FILE is not set");
  }

  @Test
  void aPercentOutOfRangeIsAUsageError() throws Exception {
    Path file = dir.resolve("progress");
    CliRunner inJob = new CliRunner(Map.of("HOME", dir.toString(), "RELAYQ_PROGRESS_FILE", file.toString()));

    CliRunner.Result r = inJob.run("progress", "140");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'140' is not a progress percentage");
    assertThat(file).doesNotExist();
  }
}
