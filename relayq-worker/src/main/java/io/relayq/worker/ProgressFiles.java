package io.relayq.worker;

import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.ProgressReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a job writes its progress ({@code $RELAYQ_PROGRESS_FILE}) and how a line there reads: the
 * last line of the form {@code PCT [status text]} wins, like {@code 42 encoding} or {@code 99.5%}.
 * The files live in the worker's jobs directory, apart from the job's own working directory, so a
 * job with a {@code cwd} gets one too.
 */
final class ProgressFiles {
  static final String ENV = "RELAYQ_PROGRESS_FILE";
  private static final Pattern LINE = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)%?(?:\\s+(.*))?");

  private ProgressFiles() {}

  static Path of(Path jobsDir, LeaseRef ref) {
    return jobsDir.resolve(".progress").resolve(ref.jobId() + "-" + ref.attempt());
  }

  /** The last valid line of the file, or null when there is none (yet). */
  static ProgressReport read(Path file, LeaseRef ref) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      // a half-written or binary file: its next change is read again
      return null;
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      ProgressReport p = parse(lines.get(i), ref);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  static ProgressReport parse(String line, LeaseRef ref) {
    Matcher m = LINE.matcher(line.strip());
    if (!m.matches()) {
      return null;
    }
    double pct = Double.parseDouble(m.group(1));
    if (pct > 100) {
      return null;
    }
    String text = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).strip();
    if (text != null && text.length() > ProgressReport.MAX_TEXT_LENGTH) {
      text = text.substring(0, ProgressReport.MAX_TEXT_LENGTH);
    }
    return new ProgressReport(ref.jobId(), ref.attempt(), (int) Math.floor(pct), text);
  }
}
