package io.relayq.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.relayq.core.Job;
import io.relayq.core.OutputChannel;
import io.relayq.store.JobStore;
import io.relayq.store.StoredChunk;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a job's output as it arrives ({@code GET /jobs/{id}/output?follow=true}): every chunk of
 * every attempt in arrival order as {@code output} events (id = the chunk's seq, so a client resumes
 * with {@code after=}), a {@code state} event when the job changes state or attempt, and a final
 * {@code end} event once the job is terminal and all its output was sent.
 *
 * <p>It wakes on this coordinator's own notifications for the job and re-checks the store every
 * second regardless, so output written through another coordinator is seen too.
 */
final class OutputFollower {
  private static final Logger log = LoggerFactory.getLogger(OutputFollower.class);
  private static final Duration RECHECK = Duration.ofSeconds(1);
  private static final int BATCH_BYTES = 256 * 1024;

  private final JobStore store;
  private final Views views;
  private final Wakeups wakeups;
  private final ObjectMapper mapper;

  OutputFollower(JobStore store, Views views, Wakeups wakeups, ObjectMapper mapper) {
    this.store = store;
    this.views = views;
    this.wakeups = wakeups;
    this.mapper = mapper;
  }

  /**
   * Follows {@code job} until it ends, the client leaves or the coordinator stops.
   *
   * @param afterSeq send only chunks after this seq (0: from the start)
   * @param only send only this stream, or null for both
   */
  void follow(Context ctx, Job job, long afterSeq, OutputChannel only) throws IOException {
    String id = job.id();
    try (JobWatchers.Watch watch = wakeups.jobs().watch(id)) {
      SseStream sse = new SseStream(ctx.res());
      Cursor cursor = new Cursor(afterSeq, 1);
      Job seen = job;
      while (true) {
        long generation = watch.signal().generation();
        Job now = store.findJob(id).orElse(seen);
        if (now.state() != seen.state() || now.attempt() != seen.attempt()
            || now.cancelRequested() != seen.cancelRequested()) {
          sse.event("state", null, json(views.detailed(now)));
          seen = now;
        }
        sendOutput(sse, now, cursor, only);
        if (now.state().isTerminal()) {
          // The job was read before its output, and a finish commits its last output with the
          // state change, so everything there is has been sent.
          sse.event("end", null, json(views.detailed(now)));
          return;
        }
        if (watch.signal().isClosed()) {
          return;
        }
        watch.signal().await(generation, RECHECK);
        sse.keepaliveIfIdle();
      }
    } catch (IOException e) {
      log.debug("follower of {} left: {}", id, e.toString());
    }
  }

  /** Where a follower is: the last chunk seq sent and the first attempt that may still have more. */
  private static final class Cursor {
    long seq;
    int attempt;

    Cursor(long seq, int attempt) {
      this.seq = seq;
      this.attempt = attempt;
    }
  }

  private void sendOutput(SseStream sse, Job job, Cursor cursor, OutputChannel only) throws IOException {
    for (int a = cursor.attempt; a <= job.attempt(); a++) {
      List<StoredChunk> chunks;
      do {
        chunks = store.readOutput(job.id(), a, cursor.seq, BATCH_BYTES);
        for (StoredChunk c : chunks) {
          if (only == null || c.stream() == only) {
            sse.event("output", Long.toString(c.seq()),
                json(new OutputEvent(c.attempt(), c.stream(), c.offset(), c.data())));
          }
          cursor.seq = Math.max(cursor.seq, c.seq());
        }
      } while (!chunks.isEmpty());
      // An older attempt can get no more output: its lease is gone, so the store refuses it.
      if (a < job.attempt()) {
        cursor.attempt = a + 1;
      }
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
