package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** {@code GET /overview}: the dashboard's summary of the cluster, from the cached snapshot. */
final class OverviewRoutes {
  /** The overview may be this stale; the dashboard asks again on every change it hears of. */
  private static final Duration MAX_AGE = Duration.ofSeconds(1);
  private static final int MAX_UNRUNNABLE = 50;

  private final ClusterSnapshots snapshots;

  OverviewRoutes(ClusterSnapshots snapshots) {
    this.snapshots = snapshots;
  }

  void register(RoutesConfig routes) {
    routes.get(Api.V1 + "/overview", this::overview, Access.READ);
  }

  private void overview(Context ctx) {
    QueryParams.of(ctx, Set.of());
    ctx.json(overview(snapshots.fresh(MAX_AGE)));
  }

  static Overview overview(ClusterSnapshot s) {
    Instant now = s.at();
    return new Overview(now, s.storeError(),
        new Overview.Jobs(s.jobs(JobState.QUEUED), s.stats().scheduled(), s.scan().unrunnable(),
            s.jobs(JobState.RUNNING), s.jobs(JobState.SUCCEEDED), s.jobs(JobState.FAILED), s.jobs(JobState.CANCELLED)),
        new Overview.Workers(s.workers("online"), s.workers("draining"), s.workers("offline"), s.slots(),
            s.slotsUsed()),
        s.stats().oldestQueuedAge().toMillis() / 1000.0,
        s.routing().stream().map(r -> new Overview.Depth(r.requirement(), r.jobs(), r.waiting().kind().wireName(),
            r.waiting().text(), r.waiting().kind().blocked())).toList(),
        s.scan().blocked().stream().limit(MAX_UNRUNNABLE).map(j -> new Overview.Unrunnable(j.id(), j.command(),
            j.createdAt(), j.waitingFor(now).toMillis() / 1000.0, j.waiting().kind().wireName(), j.waiting().text()))
            .toList(),
        s.scan().truncated());
  }
}
