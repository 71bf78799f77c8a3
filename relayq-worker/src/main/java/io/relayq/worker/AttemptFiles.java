package io.relayq.worker;

import io.relayq.client.ConflictException;
import io.relayq.client.RelayqException;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.LeaseGrant;
import io.relayq.core.files.JobFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one attempt: a fresh job directory with the inputs downloaded and checked before the
 * process starts, and the outputs it was to collect uploaded after it ended. An output that is
 * missing (or not a regular file) does not change the job's outcome, which is the process's exit
 * code: it is named in the attempt's message and on the job's stderr, and {@code relayq files}
 * lists it as missing.
 */
final class AttemptFiles {
  private static final Logger log = LoggerFactory.getLogger(AttemptFiles.class);

  private final WorkerProtocolClient client;
  private final String worker;
  private final Path jobsDir;

  AttemptFiles(WorkerProtocolClient client, String worker, Path jobsDir) {
    this.client = client;
    this.worker = worker;
    this.jobsDir = jobsDir;
  }

  /** A fresh directory for the attempt with every input in it, or the reason it could not be made. */
  Prepared prepare(LeaseGrant lease) {
    Path dir = jobsDir.resolve(lease.jobId() + "-" + lease.attempt());
    try {
      JobDirectories.deleteQuietly(dir);
      Files.createDirectories(dir);
    } catch (IOException | RuntimeException e) {
      return Prepared.failed("cannot create the job directory " + dir + ": " + e
          + " (check that the worker's jobs directory is writable)");
    }
    for (JobFile input : lease.spec().inputs()) {
      try {
        String sha = client.downloadInput(lease.jobId(), lease.attempt(), worker, input.name(), dir.resolve(input.name()));
        if (!sha.equals(input.sha256())) {
          throw new IllegalStateException("SHA-256 " + sha + " differs from the " + input.sha256() + " it was submitted with");
        }
      } catch (RelayqException | IllegalStateException | java.io.UncheckedIOException e) {
        JobDirectories.deleteQuietly(dir);
        return Prepared.failed("cannot fetch input '" + input.name() + "': " + e.getMessage());
      }
    }
    return new Prepared(dir, null);
  }

  /**
   * Uploads the outputs the job collects from {@code dir}, then removes the directory. Returns the
   * result with a note on outputs missing or not uploaded, also written to the job's stderr.
   */
  AttemptResult collect(LeaseGrant lease, Path dir, AttemptResult result, OutputSink stderr) {
    List<String> problems = new ArrayList<>();
    try {
      if (result.outcome() == AttemptResult.Outcome.EXITED) {
        for (String name : lease.spec().collect()) {
          String problem = upload(lease, dir.resolve(name), name);
          if (problem != null) {
            problems.add(problem);
          }
        }
      }
    } finally {
      JobDirectories.deleteQuietly(dir);
    }
    if (problems.isEmpty()) {
      return result;
    }
    String note = "relayq: " + String.join("; ", problems);
    byte[] line = (note + "\n").getBytes(StandardCharsets.UTF_8);
    stderr.write(OutputChannel.STDERR, line, 0, line.length);
    String message = result.message() == null ? note : result.message() + "; " + note;
    return new AttemptResult(result.outcome(), result.exitCode(), message);
  }

  private String upload(LeaseGrant lease, Path file, String name) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return "output '" + name + "' was not collected: " + (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
          ? "it is not a regular file" : "the job did not create it in " + file.getParent());
    }
    try {
      client.uploadOutput(lease.jobId(), lease.attempt(), worker, name, file);
      return null;
    } catch (ConflictException e) {
      return "output '" + name + "' was not collected: the lease was lost (" + e.getMessage() + ")";
    } catch (RelayqException | java.io.UncheckedIOException e) {
      log.warn("job {} attempt {}: output {} could not be uploaded: {}", lease.jobId(), lease.attempt(), name,
          e.getMessage());
      return "output '" + name + "' could not be uploaded: " + e.getMessage();
    }
  }

  /** The attempt's directory, or why it could not be prepared (then {@code dir} is null). */
  record Prepared(Path dir, String failure) {
    static Prepared failed(String failure) {
      return new Prepared(null, failure);
    }
  }
}
