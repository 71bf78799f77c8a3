package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
  @Test
  void aSingleWordIsAShellCommandAsWritten() {
    assertThat(ShellWords.command(List.of("for i in 1 2; do echo $i; done"))).isEqualTo("for i in 1 2; do echo $i; done");
  }

  @Test
  void severalWordsKeepTheirBoundaries() {
    assertThat(ShellWords.command(List.of("sh", "-c", "echo out; echo err >&2; exit 3")))
        .isEqualTo("sh -c 'echo out; echo err >&2; exit 3'");
    assertThat(ShellWords.command(List.of("echo", "SUCCESS"))).isEqualTo("echo SUCCESS");
  }

  @Test
  void quotesInsideAWordSurvive() {
    assertThat(ShellWords.command(List.of("printf", "%s", "a'; rm -rf ~; '.mp4")))
        .isEqualTo("printf %s 'a'\\''; rm -rf ~; '\\''.mp4'");
  }

  @Test
  void theQuotedCommandRunsAsTheWordsSay() throws Exception {
    String cmd = ShellWords.command(List.of("printf", "[%s]", "a b", "it's", "$HOME", ""));
    Process p = new ProcessBuilder("/bin/sh", "-c", cmd).start();
    assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("[a b][it's][$HOME][]");
    assertThat(p.waitFor()).isZero();
  }
}
