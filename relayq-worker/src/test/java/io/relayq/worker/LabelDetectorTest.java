package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelDetectorTest {
  @TempDir Path bin;
  @TempDir Path otherBin;

  private void tool(Path dir, String name, String perms) throws Exception {
    Path p = Files.createFile(dir.resolve(name));
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  @Test
  void osAndArchitectureNamesAreNormalised() {
    assertThat(LabelDetector.os("Linux")).isEqualTo("linux");
    assertThat(LabelDetector.os("Mac OS X")).isEqualTo("darwin");
    assertThat(LabelDetector.arch("amd64")).isEqualTo("x86_64");
    assertThat(LabelDetector.arch("x86_64")).isEqualTo("x86_64");
    assertThat(LabelDetector.arch("aarch64")).isEqualTo("arm64");
    assertThat(LabelDetector.arch("arm64")).isEqualTo("arm64");
  }

  @Test
  void toolsFoundAsExecutablesOnThePathBecomeHasLabels() throws Exception {
    tool(bin, "ffmpeg", "rwxr-xr-x");
    tool(otherBin, "git", "rwxr-xr-x");
    tool(bin, "python3", "rw-r--r--");
    Files.createDirectory(bin.resolve("node"));
    String path = bin + File.pathSeparator + File.pathSeparator + otherBin;

    assertThat(LabelDetector.detect("Linux", "amd64", path))
        .containsExactly("os:linux", "arch:x86_64", "has:ffmpeg", "has:git");
  }

  @Test
  void withoutAPathOnlyTheMachineIsDescribed() {
    assertThat(LabelDetector.detect("Mac OS X", "aarch64", null)).containsExactly("os:darwin", "arch:arm64");
  }
}
