package io.relayq.store.testkit;

import static io.relayq.store.testkit.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.relayq.core.Job;
import io.relayq.core.JobEvent;
import io.relayq.core.files.FileNames;
import io.relayq.core.files.JobFile;
import io.relayq.store.Fenced;
import io.relayq.store.files.FileBlob;
import io.relayq.store.files.JobFileEntry;
import io.relayq.store.files.JobFiles;
import io.relayq.store.files.StoreFileContent;
import io.relayq.store.files.UnknownUploadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The job-file rules of the store contract, run by {@link JobStoreContract} as its nested
 * {@code Files} group against every driver.
 */
public abstract class JobFilesRules {
  private final JobStoreContract contract;

  protected JobFilesRules(JobStoreContract contract) {
    this.contract = contract;
  }

  private JobFiles files() {
    return contract.store.files();
  }

  /** Uploads {@code data} as a complete blob through the in-store content, as the coordinator does. */
  private JobFile upload(String name, byte[] data) throws IOException {
    String id = "u_" + UUID.randomUUID().toString().replace("-", "");
    files().createBlob(id, StoreFileContent.STORAGE, "alice", contract.now);
    new StoreFileContent(files()).write(id, new ByteArrayInputStream(data), data.length);
    String sha = sha256(data);
    assertThat(files().completeBlob(id, data.length, sha)).isTrue();
    return new JobFile(name, id, data.length, sha);
  }

  @Test
  void contentOfSeveralChunksReadsBackByteForByte() throws IOException {
    byte[] data = randomBytes(JobFiles.CHUNK_BYTES * 2 + 12_345, 1);

    JobFile f = upload("in.bin", data);

    FileBlob blob = files().findBlob(f.upload()).orElseThrow();
    assertThat(blob.complete()).isTrue();
    assertThat(blob.size()).isEqualTo(data.length);
    assertThat(blob.sha256()).isEqualTo(f.sha256());
    assertThat(blob.createdBy()).isEqualTo("alice");
    try (InputStream in = new StoreFileContent(files()).open(f.upload(), data.length)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(files().readChunk(f.upload(), 3)).isEmpty();
  }

  @Test
  void anEmptyFileHasNoChunksAndReadsBackEmpty() throws IOException {
    JobFile f = upload("empty", new byte[0]);

    try (InputStream in = new StoreFileContent(files()).open(f.upload(), 0)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void aSubmitLinksItsInputs() throws IOException {
    JobFile a = upload("my \"clip\" 'a b'.txt", "hello".getBytes());
    JobFile b = upload("b.bin", new byte[] {1, 2, 3});

    Job job = contract.submit(aJob().withInputs(a, b));

    assertThat(files().jobFiles(job.id()))
        .extracting(JobFileEntry::kind, JobFileEntry::name, e -> e.blob().id(), e -> e.blob().size())
        .containsExactly(
            tuple(JobFileEntry.Kind.INPUT, "b.bin", b.upload(), 3L),
            tuple(JobFileEntry.Kind.INPUT, "my \"clip\" 'a b'.txt", a.upload(), 5L));
    assertThat(contract.job(job.id()).spec().inputs()).containsExactly(a, b);
  }

  @Test
  void aSubmitNamingAnUnfinishedUploadInsertsNothing() throws IOException {
    JobFile done = upload("done", new byte[] {1});
    String unfinished = "u_" + "0".repeat(32);
    files().createBlob(unfinished, StoreFileContent.STORAGE, "alice", contract.now);
    JobFile missing = new JobFile("missing", unfinished, 1, done.sha256());
    var job = aJob().withInputs(done, missing).at(contract.now).build();

    assertThatThrownBy(() -> contract.store.submit(job)).isInstanceOf(UnknownUploadException.class)
        .hasMessageContaining(unfinished);

    assertThat(contract.store.findJob(job.id())).isEmpty();
    assertThat(files().jobFiles(job.id())).isEmpty();
    assertThat(files().deleteBlob(done.upload())).as("the other input stayed unused").isTrue();
  }

  @Test
  void anOutputIsAcceptedOnlyFromTheAttemptHoldingTheLease() throws IOException {
    Job running = contract.running(aJob().collecting("out.txt").withRetries(1), "w1");
    JobFile first = upload("out.txt", "one".getBytes());

    assertThat(files().attachOutput(running.id(), running.attempt(), "out.txt", first.upload()))
        .isEqualTo(Fenced.ACCEPTED);
    assertThat(files().attachOutput(running.id(), running.attempt() + 1, "out.txt", first.upload()))
        .isEqualTo(Fenced.STALE_LEASE);
    assertThat(files().attachOutput("j_0000000000000000", 1, "out.txt", first.upload()))
        .isEqualTo(Fenced.NOT_FOUND);

    Job second = contract.expire(running);
    Job again = contract.claimOne("w2");
    JobFile replacement = upload("out.txt", "two".getBytes());
    assertThat(files().attachOutput(again.id(), running.attempt(), "out.txt", replacement.upload()))
        .as("the first attempt lost its lease").isEqualTo(Fenced.STALE_LEASE);
    assertThat(files().attachOutput(again.id(), again.attempt(), "out.txt", replacement.upload()))
        .isEqualTo(Fenced.ACCEPTED);

    assertThat(second.id()).isEqualTo(again.id());
    assertThat(files().jobFiles(again.id()))
        .extracting(JobFileEntry::kind, JobFileEntry::name, e -> e.blob().id(), JobFileEntry::attempt)
        .containsExactly(tuple(JobFileEntry.Kind.OUTPUT, "out.txt", replacement.upload(), again.attempt()));
    assertThat(files().unusedBlobs(contract.now.minus(Duration.ofDays(1)), 10)).extracting(FileBlob::id)
        .as("the replaced output").containsExactly(first.upload());
  }

  @Test
  void aBlobInUseIsNeverDeleted() throws IOException {
    JobFile in = upload("in", new byte[] {7});
    Job job = contract.submit(aJob().withInputs(in));

    assertThat(files().deleteBlob(in.upload())).isFalse();
    assertThat(files().deleteUnusedBlobs(List.of(in.upload()))).isEmpty();

    assertThat(files().jobFiles(job.id())).hasSize(1);
    assertThat(files().readChunk(in.upload(), 0)).isPresent();
  }

  @Test
  void pruningAJobLeavesItsFilesUnusedAndTheyGoWithTheirChunks() throws IOException {
    JobFile in = upload("in", new byte[] {7});
    Job running = contract.running(aJob().withInputs(in).collecting("out"), "w1");
    JobFile out = upload("out", new byte[] {8, 9});
    files().attachOutput(running.id(), running.attempt(), "out", out.upload());
    contract.finish(running, new JobEvent.Exited(0));
    JobFile fresh = upload("not submitted yet", new byte[] {1});
    contract.advance(Duration.ofSeconds(10));

    assertThat(files().unusedBlobs(contract.now.minus(Duration.ofHours(1)), 10))
        .as("only the fresh upload is unused, and it is young").isEmpty();
    assertThat(contract.store.pruneFinished(contract.now, 100)).isEqualTo(1);

    List<String> unused = files().unusedBlobs(contract.now.minus(Duration.ofHours(1)), 10).stream()
        .map(FileBlob::id).toList();
    assertThat(unused).containsExactlyInAnyOrder(in.upload(), out.upload());
    assertThat(files().deleteUnusedBlobs(unused)).containsExactlyInAnyOrderElementsOf(unused);
    assertThat(files().findBlob(in.upload())).isEmpty();
    assertThat(files().readChunk(out.upload(), 0)).isEmpty();
    assertThat(files().findBlob(fresh.upload())).isPresent();
    assertThat(files().unusedBlobs(contract.now.plusSeconds(1), 10)).extracting(FileBlob::id)
        .as("an upload never submitted counts as abandoned after the cutoff").containsExactly(fresh.upload());
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] data) {
    try {
      return FileNames.hex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
