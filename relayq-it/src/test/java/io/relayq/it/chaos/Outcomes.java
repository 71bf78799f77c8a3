package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.Job;
import io.relayq.core.JobState;
import io.relayq.store.JobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store says about a set of jobs once a chaos run is over, read straight from the SQLite
 * file (the coordinator stopped): the job rows and every attempt row.
 */
record Outcomes(Map<String, Job> jobs, Map<String, List<Attempt>> attempts) {

  /** Reads {@code ids} from the store at {@code dbFile}; the coordinator must be stopped. */
  static Outcomes read(Path dbFile, Collection<String> ids) {
    try (SqliteJobStore store = SqliteJobStore.open(dbFile)) {
      return read(store, ids);
    }
  }

  /** Reads {@code ids} from {@code store} (a PostgreSQL one may be read while coordinators run). */
  static Outcomes read(JobStore store, Collection<String> ids) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
    for (String id : ids) {
      store.findJob(id).ifPresent(j -> jobs.put(id, j));
      attempts.put(id, store.attempts(id));
    }
    return new Outcomes(jobs, attempts);
  }

  /** Every job exists, succeeded, and has exactly one attempt that exited 0: one outcome each. */
  void assertEachSucceededExactlyOnce(Collection<String> ids) {
    assertThat(jobs.keySet()).as("jobs in the store").containsExactlyInAnyOrderElementsOf(ids);
    for (String id : ids) {
      assertThat(jobs.get(id).state()).as("state of " + id).isEqualTo(JobState.SUCCEEDED);
      assertThat(attempts.get(id)).as("attempts of " + id + " that exited 0")
          .filteredOn(a -> a.reason() == EndReason.EXIT && a.exitCode() != null && a.exitCode() == 0).hasSize(1);
    }
  }

  /** Attempts of all jobs that ended with {@code reason}. */
  List<Attempt> attemptsEndedBy(EndReason reason) {
    List<Attempt> found = new ArrayList<>();
    attempts.values().forEach(list -> list.stream().filter(a -> a.reason() == reason).forEach(found::add));
    return found;
  }

  /** How many jobs ended in a final state. */
  long finished() {
    return jobs.values().stream().filter(j -> j.state().isTerminal()).count();
  }
}
