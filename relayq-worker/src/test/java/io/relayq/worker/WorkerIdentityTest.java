package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerIdentityTest {
  @TempDir Path stateDir;

  @Test
  void theWorkerIdStaysTheSameAcrossRestartsWhileTheIncarnationChanges() {
    WorkerIdentity first = WorkerIdentity.load(stateDir, "w1");
    WorkerIdentity second = WorkerIdentity.load(stateDir, "w1");

    assertThat(second.workerId()).isEqualTo(first.workerId());
    assertThat(second.incarnation()).isNotEqualTo(first.incarnation());
  }

  @Test
  void eachNameHasItsOwnId() {
    assertThat(WorkerIdentity.load(stateDir, "w1").workerId())
        .isNotEqualTo(WorkerIdentity.load(stateDir, "w2").workerId());
  }

  @Test
  void theIdFileIsReadableByItsOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
    WorkerIdentity id = WorkerIdentity.load(stateDir.resolve("nested"), "w1");

    Path file = stateDir.resolve("nested/w1.id");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file).trim()).isEqualTo(id.workerId());
    try (var files = Files.list(stateDir.resolve("nested"))) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aCorruptIdFileIsReportedWithTheWayOut() throws Exception {
    Files.writeString(stateDir.resolve("w1.id"), "\n");

    assertThatThrownBy(() -> WorkerIdentity.load(stateDir, "w1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("w1.id does not hold a worker id")
        .hasMessageContaining("delete it");
  }
}
