package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchCommandTest {
  @TempDir Path bin;

  private Path link(String program) throws Exception {
    Path target = LabelDetector.findExecutable(program, System.getenv("PATH"));
    assumeTrue(target != null, program + " is not installed here");
    return Files.createSymbolicLink(bin.resolve(program), target);
  }

  @Test
  void withoutSetsidPerlPutsTheJobInAProcessGroupOfItsOwn() throws Exception {
    link("perl");
    link("nice");
    LaunchCommand launch = LaunchCommand.detect(bin.toString());

    Process p = new ProcessBuilder(launch.argv(TestLeases.command("echo $$; cat /proc/$$/stat").grant().spec(), 5))
        .redirectErrorStream(true).start();
    String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
    p.waitFor();

    assertThat(Long.parseLong(lines[0])).isEqualTo(p.pid());
    String[] stat = Procs.parseStat(lines[1]);
    assertThat(Long.parseLong(stat[2])).as("process group").isEqualTo(p.pid());
  }

  @Test
  void withNeitherSetsidNorPerlTheWorkerRefusesToStart() throws Exception {
    link("nice");

    assertThatThrownBy(() -> LaunchCommand.detect(bin.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("neither setsid nor perl");
  }
}
