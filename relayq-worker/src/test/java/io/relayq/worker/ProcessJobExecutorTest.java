package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relayq.worker.AttemptResult.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessJobExecutorTest {
  private static final Duration KILL_GRACE = Duration.ofMillis(300);

  @TempDir Path jobsDir;
  @TempDir Path work;
  private final CollectingSink sink = new CollectingSink();
  private final List<Long> leftovers = new ArrayList<>();

  @BeforeAll
  static void needsProc() {
    assumeTrue(Files.isRegularFile(Path.of("/proc/self/stat")), "these tests read /proc (Linux)");
  }

  @AfterEach
  void killLeftovers() {
    leftovers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private AttemptResult run(TestLeases job) throws InterruptedException {
    return start(job).await();
  }

  private RunningAttempt start(TestLeases job) {
    return new ProcessJobExecutor(10, KILL_GRACE, jobsDir).start(job.grant(), sink);
  }

  @Test
  void theExitCodeOfTheCommandIsReported() throws Exception {
    assertThat(run(TestLeases.command("exit 3"))).isEqualTo(AttemptResult.exited(3));
    assertThat(run(TestLeases.command("true"))).isEqualTo(AttemptResult.exited(0));
  }

  @Test
  void stdoutAndStderrArriveSeparately() throws Exception {
    run(TestLeases.command("echo out; echo err >&2; echo out2"));

    assertThat(sink.stdoutText()).isEqualTo("out\nout2\n");
    assertThat(sink.stderrText()).isEqualTo("err\n");
  }

  @Test
  void binaryOutputOfFiveMegabytesArrivesByteExact() throws Exception {
    byte[] data = new byte[5 * 1024 * 1024];
    new Random(42).nextBytes(data);
    for (int i = 0; i < 256; i++) {
      data[i] = (byte) i;
    }
    Path file = work.resolve("blob");
    Files.write(file, data);

    AttemptResult result = run(TestLeases.command("cat '" + file + "'; cat '" + file + "' >&2"));

    assertThat(result).isEqualTo(AttemptResult.exited(0));
    assertThat(sink.stdout()).isEqualTo(data);
    assertThat(sink.stderr()).isEqualTo(data);
  }

  @Test
  void utf8OutputIsPassedThroughUnchanged() throws Exception {
    run(TestLeases.command("printf 'h\\303\\251llo \\342\\234\\223\\n'"));

    assertThat(sink.stdoutText()).isEqualTo("héllo ✓\n");
  }

  @Test
  void argvRunsWithoutAShell() throws Exception {
    run(TestLeases.argv("printf", "%s|", "a b", "$HOME", "*"));

    assertThat(sink.stdoutText()).isEqualTo("a b|$HOME|*|");
  }

  @Test
  void theJobSeesItsEnvironmentAndItsIdentity() throws Exception {
    TestLeases job = TestLeases.command("echo \"$GREETING $RELAYQ_JOB_ID $RELAYQ_ATTEMPT\"").env("GREETING", "hi");
    var grant = job.grant();

    new ProcessJobExecutor(10, KILL_GRACE, jobsDir).start(grant, sink).await();

    assertThat(sink.stdoutText()).isEqualTo("hi " + grant.jobId() + " 1\n");
  }

  @Test
  void aGivenWorkingDirectoryIsUsed() throws Exception {
    run(TestLeases.command("pwd").cwd(work.toString()));

    assertThat(sink.stdoutText().trim()).isEqualTo(work.toRealPath().toString());
  }

  @Test
  void withoutAWorkingDirectoryTheJobGetsAFreshOneThatIsRemovedAfterwards() throws Exception {
    run(TestLeases.command("pwd; touch left-behind"));

    Path dir = Path.of(sink.stdoutText().trim());
    assertThat(dir.getParent()).isEqualTo(jobsDir.toRealPath());
    assertThat(dir).doesNotExist();
  }

  @Test
  void aMissingWorkingDirectoryFailsToStartWithoutRunningAnything() throws Exception {
    Path missing = work.resolve("nope");

    AttemptResult result = run(TestLeases.command("touch '" + work.resolve("ran") + "'").cwd(missing.toString()));

    assertThat(result.outcome()).isEqualTo(Outcome.START_FAILED);
    assertThat(result.message()).contains(missing.toString()).contains("does not exist");
    assertThat(work.resolve("ran")).doesNotExist();
  }

  @Test
  void aMissingProgramFailsToStart() throws Exception {
    AttemptResult result = run(TestLeases.argv("no-such-program-relayq", "x"));

    assertThat(result.outcome()).isEqualTo(Outcome.START_FAILED);
    assertThat(result.message()).contains("'no-such-program-relayq' is not on the PATH");
  }

  @Test
  void stdinIsFedFromTheSpec() throws Exception {
    run(TestLeases.command("cat; echo end").stdin("line 1\nzwei ✓\n"));

    assertThat(sink.stdoutText()).isEqualTo("line 1\nzwei ✓\nend\n");
  }

  @Test
  void withoutStdinTheJobReadsAnEmptyInput() throws Exception {
    AttemptResult result = run(TestLeases.command("cat; echo end"));

    assertThat(result).isEqualTo(AttemptResult.exited(0));
    assertThat(sink.stdoutText()).isEqualTo("end\n");
  }

  @Test
  void theJobRunsAtTheConfiguredNicenessInItsOwnProcessGroup() throws Exception {
    int workerNice = Integer.parseInt(Procs.parseStat(Files.readString(Path.of("/proc/self/stat")))[16]);

    run(TestLeases.command("echo $$; cat /proc/$$/stat"));

    String[] lines = sink.stdoutText().split("\n");
    long shellPid = Long.parseLong(lines[0]);
    String[] stat = Procs.parseStat(lines[1]);
    assertThat(Integer.parseInt(stat[16])).isEqualTo(Math.min(19, workerNice + 10));
    assertThat(Long.parseLong(stat[2])).as("process group").isEqualTo(shellPid);
  }

  @Test
  void aTimeoutKillsTheWholeProcessGroupIncludingGrandchildren() throws Exception {
    AttemptResult result = run(TestLeases.command(
            "sleep 1000 & echo $! > bg.pid; sh -c 'echo $$ > inner.pid; sleep 1000'; sleep 1000")
        .cwd(work.toString()).timeout(Duration.ofMillis(500)));

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.message()).contains("timed out after 500ms").contains("stopped on TERM");
    assertNothingRuns("bg.pid", "inner.pid");
  }

  @Test
  void processesThatIgnoreTermAreKilledAfterTheGracePeriod() throws Exception {
    AttemptResult result = run(TestLeases.command(
            "trap '' TERM; sleep 1000 & echo $! > bg.pid; echo $$ > sh.pid; sleep 1000")
        .cwd(work.toString()).timeout(Duration.ofMillis(300)));

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.message()).contains("killed with KILL after a grace of 300ms");
    assertNothingRuns("bg.pid", "sh.pid");
  }

  @Test
  void aCancelKillsTheGroupAndIsReportedAsKilled() throws Exception {
    RunningAttempt attempt = start(TestLeases.command(
        "sleep 1000 & echo $! > bg.pid; echo $$ > sh.pid; sleep 1000").cwd(work.toString()));
    await().until(() -> Files.exists(work.resolve("sh.pid")) && Files.exists(work.resolve("bg.pid")));

    attempt.kill(KillReason.CANCEL);
    AttemptResult result = attempt.await();

    assertThat(result.outcome()).isEqualTo(Outcome.KILLED);
    assertNothingRuns("bg.pid", "sh.pid");
  }

  @Test
  void onlyTheFirstKillReasonCounts() throws Exception {
    RunningAttempt attempt = start(TestLeases.command("echo $$ > sh.pid; sleep 1000").cwd(work.toString()));
    await().until(() -> Files.exists(work.resolve("sh.pid")));

    attempt.kill(KillReason.FENCE);
    attempt.kill(KillReason.CANCEL);

    assertThat(attempt.await().outcome()).isEqualTo(Outcome.FENCED);
  }

  @Test
  void aBackgroundProcessHoldingTheOutputDoesNotHoldTheResult() throws Exception {
    long started = System.nanoTime();

    AttemptResult result = run(TestLeases.command("sleep 30 & echo $! > bg.pid; echo done").cwd(work.toString()));

    leftovers.add(Procs.readPid(work.resolve("bg.pid")));
    assertThat(result).isEqualTo(AttemptResult.exited(0));
    assertThat(sink.stdoutText()).isEqualTo("done\n");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  private void assertNothingRuns(String... pidFiles) throws IOException {
    for (String f : pidFiles) {
      long pid = Procs.readPid(work.resolve(f));
      leftovers.add(pid);
      assertThat(Procs.isRunning(pid)).as("process %d from %s still runs", pid, f).isFalse();
    }
  }
}
