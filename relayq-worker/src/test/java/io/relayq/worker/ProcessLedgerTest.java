package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.core.api.LeaseRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLedgerTest {
  private static final LeaseRef REF = new LeaseRef("j_0q3c5m8x2kd4h7rt", 1);
  @TempDir Path spoolDir;
  private Process leftover;

  @AfterEach
  void cleanUp() {
    if (leftover != null) {
      leftover.destroyForcibly();
    }
  }

  /** A job as a worker starts it: in a session, and so a process group, of its own. */
  private Process startJob(String script) throws Exception {
    leftover = new ProcessBuilder("setsid", "/bin/sh", "-c", script).start();
    long pid = leftover.pid();
    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.processGroup(pid) == pid);
    return leftover;
  }

  @Test
  void aGroupAnEarlierRunLeftRunningIsKilledGrandchildrenIncluded() throws Exception {
    Process job = startJob("sleep 300 & sleep 300");
    new ProcessLedger(spoolDir).started(REF, job.pid());

    int killed = ProcessLedger.killLeftovers(spoolDir, Duration.ofSeconds(1));

    assertThat(killed).isEqualTo(1);
    assertThat(new ProcessGroup(job.pid()).hasLiveMembers()).isFalse();
  }

  @Test
  void anAttemptThatEndedLeavesNothingToKill() throws Exception {
    Process job = startJob("sleep 300");
    ProcessLedger ledger = new ProcessLedger(spoolDir);
    ledger.started(REF, job.pid());

    ledger.ended(REF);

    assertThat(ProcessLedger.killLeftovers(spoolDir, Duration.ofSeconds(1))).isZero();
    assertThat(Procs.isRunning(job.pid())).isTrue();
  }

  @Test
  void anEntryWhosePidNowNamesAnotherProcessIsLeftAlone() throws Exception {
    Process job = startJob("sleep 300");
    Files.createDirectories(spoolDir.resolve(ProcessLedger.DIR));
    // the same pid, but started at another time: the pid was reused by an unrelated process
    Files.writeString(spoolDir.resolve(ProcessLedger.DIR).resolve("j_0q3c5m8x2kd4h7rt-1"), job.pid() + " 1\n");

    assertThat(ProcessLedger.killLeftovers(spoolDir, Duration.ofSeconds(1))).isZero();
    assertThat(Procs.isRunning(job.pid())).isTrue();
  }
}
