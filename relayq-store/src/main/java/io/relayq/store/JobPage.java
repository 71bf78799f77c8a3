package io.relayq.store;

import io.relayq.core.Job;
import java.util.List;

/** @param nextCursor pass as {@link JobQuery#cursor()} for the next page; null on the last page */
public record JobPage(List<Job> jobs, String nextCursor) {

  /** A listed job with the store sequence number its cursor is made of. */
  public record Row(long seq, Job job) {}

  /**
   * The page made of the rows a listing statement returned for {@link JobQuery#listingParameters()}:
   * at most {@code limit} jobs, and a cursor when the statement found one row more.
   */
  public static JobPage of(List<Row> rows, int limit) {
    if (rows.size() <= limit) {
      return new JobPage(rows.stream().map(Row::job).toList(), null);
    }
    List<Row> page = rows.subList(0, limit);
    return new JobPage(page.stream().map(Row::job).toList(), Long.toString(page.get(page.size() - 1).seq()));
  }
}
