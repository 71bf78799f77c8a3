package io.relayq.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.RecordedEvent;
import io.relayq.store.JobStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: every job history entry as an SSE {@code job} event whose id is the entry's
 * seq, from {@code after} (or the {@code Last-Event-ID} a reconnecting EventSource sends) onwards,
 * then live; and, live only, every worker going online, draining or offline as a {@code worker}
 * event without an id. An event without an id leaves a browser's last event id alone, so
 * reconnecting still resumes the job history exactly.
 *
 * <p>{@code live=true} starts at the end of the history instead of its beginning (a dashboard wants
 * what happens from now on); a {@code Last-Event-ID} still wins, so a reconnect resumes.
 *
 * <p>Wakes on this coordinator's state changes and re-checks the store every second, so changes
 * made through another coordinator arrive too. Worker events come from this coordinator's own view
 * of its workers (see {@link WorkerPresence}).
 */
final class EventStreamRoutes {
  private static final Logger log = LoggerFactory.getLogger(EventStreamRoutes.class);
  private static final Duration RECHECK = Duration.ofSeconds(1);
  private static final int BATCH = 500;

  private final JobStore store;
  private final ChangeSignal history;
  private final WorkerEvents workerEvents;
  private final ObjectMapper mapper;
  private final Ownership ownership;

  EventStreamRoutes(JobStore store, ChangeSignal history, WorkerEvents workerEvents, ObjectMapper mapper,
      Ownership ownership) {
    this.store = store;
    this.history = history;
    this.workerEvents = workerEvents;
    this.mapper = mapper;
    this.ownership = ownership;
  }

  void register(RoutesConfig routes) {
    routes.get(Api.V1 + "/events", this::stream, Access.READ);
  }

  private void stream(Context ctx) throws IOException {
    QueryParams q = QueryParams.of(ctx, Set.of("after", "live"));
    Long after = q.number("after", 0, Long.MAX_VALUE);
    boolean live = q.flag("live");
    if (after != null && live) {
      throw ApiException.invalidQuery("live: give either after (resume from an event id) or live=true (from now on),"
          + " not both");
    }
    Long resumed = lastEventId(ctx.header("Last-Event-ID"));
    long workerCursor = workerEvents.latest();
    long cursor = after != null ? after : resumed != null ? resumed : live ? endOfHistory() : 0;
    Predicate<RecordedEvent> visible = ownership.eventFilter(Caller.of(ctx));
    SseStream sse = new SseStream(ctx.res());
    try {
      while (!history.isClosed()) {
        long generation = history.generation();
        List<RecordedEvent> events = store.eventsAfter(cursor, BATCH);
        for (RecordedEvent e : events) {
          if (visible.test(e)) {
            sse.event("job", Long.toString(e.seq()), mapper.writeValueAsString(e));
          }
          cursor = e.seq();
        }
        for (WorkerEvents.Entry e : workerEvents.after(workerCursor)) {
          sse.event("worker", null, mapper.writeValueAsString(e.event()));
          workerCursor = e.seq();
        }
        if (events.size() < BATCH) {
          history.await(generation, RECHECK);
          sse.keepaliveIfIdle();
        }
      }
    } catch (IOException e) {
      log.debug("event stream client left: {}", e.toString());
    }
  }

  /**
   * The seq of the newest history entry. The store lists history forwards only, so this starts at
   * the newest job's first entry (near the end) and reads forward from there.
   */
  private long endOfHistory() {
    var newest = store.listJobs(io.relayq.store.JobQuery.all(1)).jobs();
    long seq = 0;
    if (!newest.isEmpty()) {
      List<RecordedEvent> own = store.events(newest.get(0).id());
      seq = own.isEmpty() ? 0 : own.get(0).seq();
    }
    List<RecordedEvent> batch;
    do {
      batch = store.eventsAfter(seq, BATCH);
      if (!batch.isEmpty()) {
        seq = batch.get(batch.size() - 1).seq();
      }
    } while (batch.size() == BATCH);
    return seq;
  }

  /** A reconnecting browser sends only the header; null when absent. */
  static Long lastEventId(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      long seq = Long.parseLong(header.trim());
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // reported below, like a negative number
    }
    throw ApiException.invalidQuery("Last-Event-ID: '" + header + "' is not an event id (a whole number)");
  }
}
