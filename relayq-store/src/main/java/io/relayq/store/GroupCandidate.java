package io.relayq.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job a claim could lease, with what its concurrency group allows. Drivers read candidates in
 * claim order with their group's running count, then lease only those that keep every group within
 * its limit: one claim may find several jobs of one group, and the count read covers none of them.
 *
 * @param seq the job's row
 * @param group its concurrency group, or null
 * @param limit the job's group limit (ignored without a group)
 * @param running the group's running jobs when read, under the driver's group lock
 */
public record GroupCandidate(long seq, String group, int limit, int running) {

  /** The seqs to lease, in claim order: all jobs without a group, group jobs while their group has room. */
  public static List<Long> withinLimits(List<GroupCandidate> candidates) {
    List<Long> chosen = new ArrayList<>(candidates.size());
    Map<String, Integer> taken = new HashMap<>();
    for (GroupCandidate c : candidates) {
      if (c.group() == null) {
        chosen.add(c.seq());
        continue;
      }
      int already = taken.getOrDefault(c.group(), 0);
      if (c.running() + already < c.limit()) {
        chosen.add(c.seq());
        taken.put(c.group(), already + 1);
      }
    }
    return chosen;
  }
}
