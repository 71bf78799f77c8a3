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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: every job history entry as an SSE {@code job} event whose id is the entry's
 * seq, from {@code after} (or the {@code Last-Event-ID} a reconnecting EventSource sends) onwards,
 * then live. Wakes on this coordinator's state changes and re-checks the store every second, so
 * changes made through another coordinator arrive too.
 */
final class EventStreamRoutes {
  private static final Logger log = LoggerFactory.getLogger(EventStreamRoutes.class);
  private static final Duration RECHECK = Duration.ofSeconds(1);
  private static final int BATCH = 500;

  private final JobStore store;
  private final ChangeSignal history;
  private final ObjectMapper mapper;

  EventStreamRoutes(JobStore store, ChangeSignal history, ObjectMapper mapper) {
    this.store = store;
    this.history = history;
    this.mapper = mapper;
  }

  void register(RoutesConfig routes) {
    routes.get(Api.V1 + "/events", this::stream);
  }

  private void stream(Context ctx) throws IOException {
    QueryParams q = QueryParams.of(ctx, Set.of("after"));
    long cursor = startAfter(q.number("after", 0, Long.MAX_VALUE), ctx.header("Last-Event-ID"));
    SseStream sse = new SseStream(ctx.res());
    try {
      while (!history.isClosed()) {
        long generation = history.generation();
        List<RecordedEvent> events = store.eventsAfter(cursor, BATCH);
        for (RecordedEvent e : events) {
          sse.event("job", Long.toString(e.seq()), mapper.writeValueAsString(e));
          cursor = e.seq();
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

  /** The query parameter wins; a reconnecting browser sends only the header. */
  private static long startAfter(Long after, String lastEventId) {
    if (after != null) {
      return after;
    }
    if (lastEventId == null || lastEventId.isBlank()) {
      return 0;
    }
    try {
      long seq = Long.parseLong(lastEventId.trim());
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // reported below, like a negative number
    }
    throw ApiException.invalidQuery("Last-Event-ID: '" + lastEventId + "' is not an event id (a whole number)");
  }
}
