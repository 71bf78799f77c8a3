package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.core.OutputChannel;
import io.relayq.core.api.FinishReport;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultSpoolTest {
  @TempDir Path dir;

  private static LeaseRef ref(int n) {
    return new LeaseRef("j_0q3c5m8x2kd4h7r" + (char) ('a' + n % 26) + n, 1);
  }

  private static FinishReport exited(int code, String out) {
    return new FinishReport(1, "exited", code, null,
        List.of(new OutputChunk(OutputChannel.STDOUT, 0, out.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aRecordedReportIsFoundByTheNextRunWithItsOutput() throws Exception {
    ResultSpool spool = ResultSpool.create(dir);
    spool.record(ref(1), exited(3, "hello\n"));
    // no close: the process dies here

    List<ResultSpool.Entry> found = ResultSpool.recover(dir);

    assertThat(found).singleElement().satisfies(e -> {
      assertThat(e.ref()).isEqualTo(ref(1));
      assertThat(e.report().exitCode()).isEqualTo(3);
      assertThat(new String(e.report().output().getFirst().data(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    });
  }

  @Test
  void aReportMarkedDoneIsNotDeliveredAgain() throws Exception {
    try (ResultSpool spool = ResultSpool.create(dir)) {
      spool.record(ref(1), exited(0, "a"));
      spool.record(ref(2), exited(0, "b"));
      spool.done(ref(1));
    }

    assertThat(ResultSpool.recover(dir)).extracting(ResultSpool.Entry::ref).containsExactly(ref(2));
  }

  @Test
  void aDoneEntryIsOnDiskAtOnceSoACrashRightAfterDoesNotDeliverTheReportAgain() throws Exception {
    ResultSpool spool = ResultSpool.create(dir);
    spool.record(ref(1), exited(0, "a"));
    spool.done(ref(1));
    // no close: the process dies here

    assertThat(ResultSpool.recover(dir)).isEmpty();
  }

  @Test
  void aLineCutShortByACrashIsIgnoredAndTheLinesBeforeItCount() throws Exception {
    ResultSpool spool = ResultSpool.create(dir);
    spool.record(ref(1), exited(0, "kept"));
    Path journal = journalFiles().getFirst();
    byte[] whole = ResultSpool.encode(ResultSpool.Entry.finish(ref(2), exited(0, "torn")));
    Files.write(journal, java.util.Arrays.copyOf(whole, whole.length / 2), StandardOpenOption.APPEND);

    assertThat(ResultSpool.recover(dir)).extracting(ResultSpool.Entry::ref).containsExactly(ref(1));
  }

  @Test
  void aLineWithABadChecksumIsIgnored() {
    String line = new String(ResultSpool.encode(ResultSpool.Entry.finish(ref(1), exited(0, "x"))),
        StandardCharsets.UTF_8).strip();
    String flipped = line.replace("\"exitCode\":0", "\"exitCode\":1");

    assertThat(ResultSpool.decode(line)).isNotNull();
    assertThat(ResultSpool.decode(flipped)).isNull();
  }

  @Test
  void reportsRecordedAtTheSameTimeFromManyThreadsAreAllKept() throws Exception {
    List<LeaseRef> refs = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      ResultSpool spool = ResultSpool.create(dir);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        LeaseRef r = ref(i);
        refs.add(r);
        done.add(pool.submit(() -> {
          spool.record(r, exited(0, "out"));
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }

    assertThat(ResultSpool.recover(dir)).extracting(ResultSpool.Entry::ref).containsExactlyInAnyOrderElementsOf(refs);
  }

  @Test
  void rollingToANewFileKeepsThePendingReportsAndDeletesTheOldFile() throws Exception {
    String big = "x".repeat(100_000);
    try (ResultSpool spool = ResultSpool.create(dir)) {
      for (int i = 0; i < 30; i++) {
        spool.record(ref(i), exited(0, big));
        if (i != 7) {
          spool.done(ref(i));
        }
      }
    }

    assertThat(journalFiles()).hasSizeLessThan(3);
    assertThat(ResultSpool.recover(dir)).extracting(ResultSpool.Entry::ref).containsExactly(ref(7));
  }

  private List<Path> journalFiles() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("results-")).sorted().toList();
    }
  }
}
