package io.relayq.coordinator;

import io.relayq.core.JobIds;
import io.relayq.core.schedule.FirePlan;
import io.relayq.core.schedule.Schedule;
import io.relayq.store.FireResult;
import io.relayq.store.JobStore;
import io.relayq.store.NewJob;
import io.relayq.store.ScheduleFire;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due schedules: for each one whose stored next fire time has come, submits the tick's job
 * (or skips it, per the schedule's catch-up policy) and stores the next tick, in one store
 * transaction guarded by a compare-and-set, so with several coordinators each tick fires once.
 *
 * <p>The loop sleeps until the earliest next tick, at most {@link #MAX_SLEEP}: that bound lets a
 * coordinator take over ticks of schedules created through another one that stopped. Creating or
 * resuming a schedule here wakes it at once.
 */
final class ScheduleRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);
  static final Duration MAX_SLEEP = Duration.ofMinutes(1);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
  private static final int BATCH = 100;

  private final JobStore store;
  private final InstantSource clock;
  private final Wakeups wakeups;
  private final JobTelemetry telemetry;
  private final Object signal = new Object();
  private final Thread thread;
  private boolean woken;
  private boolean closed;

  ScheduleRunner(JobStore store, InstantSource clock, Wakeups wakeups, JobTelemetry telemetry) {
    this.store = store;
    this.clock = clock;
    this.wakeups = wakeups;
    this.telemetry = telemetry;
    this.thread = Thread.ofPlatform().name("relayq-schedules").daemon().unstarted(this::loop);
  }

  ScheduleRunner start() {
    thread.start();
    return this;
  }

  /** Fires every schedule due now; returns how many ticks it fired or skipped. */
  int runOnce() {
    int handled = 0;
    List<Schedule> due;
    do {
      Instant now = clock.instant();
      due = store.dueSchedules(now, BATCH);
      for (Schedule s : due) {
        if (fire(s, now) != FireResult.Outcome.MOVED_ON) {
          handled++;
        }
      }
    } while (due.size() == BATCH);
    return handled;
  }

  private FireResult.Outcome fire(Schedule s, Instant now) {
    FirePlan plan = s.plan(now);
    NewJob job = plan.tick() == null ? null
        : new NewJob(JobIds.next(), s.job(), FirePlan.jobKey(s.id(), plan.tick()), "schedule " + s.name(), now);
    FireResult result = store.fireSchedule(new ScheduleFire(s.id(), s.nextFireAt(), plan.next(), job, now));
    switch (result.outcome()) {
      case FIRED -> {
        log.info("schedule {} fired its tick of {}: job {}; next tick {}", s.name(), plan.tick(), result.job().id(),
            plan.next());
        wakeups.jobQueued(result.job());
        telemetry.submitted();
      }
      case SKIPPED -> log.info("schedule {} skipped the ticks from {} (missed by more than {} s; catch-up skip);"
          + " next tick {}", s.name(), s.nextFireAt(), FirePlan.GRACE.toSeconds(), plan.next());
      case MOVED_ON -> log.debug("schedule {} tick {} was handled elsewhere", s.name(), s.nextFireAt());
    }
    return result.outcome();
  }

  /** Looks for due schedules now rather than at the tick computed before (a schedule changed). */
  void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (true) {
      Duration sleep;
      try {
        runOnce();
        sleep = store.nextScheduleFireAt()
            .map(next -> Duration.between(clock.instant(), next))
            .filter(d -> d.compareTo(MAX_SLEEP) < 0)
            .orElse(MAX_SLEEP);
      } catch (RuntimeException e) {
        log.warn("firing schedules failed, retrying in {} s: {}", RETRY_AFTER_FAILURE.toSeconds(), e.toString());
        sleep = RETRY_AFTER_FAILURE;
      }
      if (!sleepFor(sleep)) {
        return;
      }
    }
  }

  /** Waits until {@code d} passed or {@link #wake()}; false once closed. */
  private boolean sleepFor(Duration d) {
    long deadline = System.nanoTime() + Math.max(d.toNanos(), 0);
    synchronized (signal) {
      try {
        while (!woken && !closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          // a tick must not fire a millisecond early: round the wait up
          signal.wait(Math.max(1, (left + 999_999) / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      woken = false;
      return !closed;
    }
  }

  @Override
  public void close() {
    synchronized (signal) {
      closed = true;
      signal.notifyAll();
    }
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
