package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.JobIds;
import io.relayq.core.JobSpec;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.ScheduleList;
import io.relayq.core.api.ScheduleRequest;
import io.relayq.core.api.ScheduleView;
import io.relayq.core.schedule.CatchUp;
import io.relayq.core.schedule.CronExpression;
import io.relayq.core.schedule.InvalidCronException;
import io.relayq.core.schedule.Schedule;
import io.relayq.store.JobStore;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recurring schedules: create, list, read, pause, resume, delete. Every input is checked before the
 * store is touched, so a 4xx changes nothing.
 */
final class ScheduleRoutes {
  private static final Logger log = LoggerFactory.getLogger(ScheduleRoutes.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String EXAMPLE =
      "{\"name\": \"nightly\", \"cron\": \"0 3 * * *\", \"job\": {\"command\": \"backup.sh\"}}";

  private final JobStore store;
  private final InstantSource clock;
  private final RequestBodies bodies;
  private final ScheduleRunner runner;
  private final JobRoutes jobs;

  ScheduleRoutes(JobStore store, InstantSource clock, RequestBodies bodies, ScheduleRunner runner, JobRoutes jobs) {
    this.store = store;
    this.jobs = jobs;
    this.clock = clock;
    this.bodies = bodies;
    this.runner = runner;
  }

  void register(RoutesConfig routes) {
    routes.post(Api.V1 + "/schedules", this::create);
    routes.get(Api.V1 + "/schedules", this::list);
    routes.get(Api.V1 + "/schedules/{name}", this::get);
    routes.post(Api.V1 + "/schedules/{name}/pause", this::pause);
    routes.post(Api.V1 + "/schedules/{name}/resume", this::resume);
    routes.delete(Api.V1 + "/schedules/{name}", this::delete);
  }

  private void create(Context ctx) {
    QueryParams.of(ctx, Set.of());
    ScheduleRequest r = bodies.json(ctx, ScheduleRequest.class, EXAMPLE);
    String name = checkName(r.name(), true);
    if (r.cron() == null) {
      throw ApiException.invalidField("cron: a cron expression is required, like \"0 3 * * *\"");
    }
    CronExpression cron;
    try {
      cron = CronExpression.parse(r.cron());
    } catch (InvalidCronException e) {
      throw ApiException.invalidField("cron: " + e.getMessage());
    }
    ZoneId zone = zone(r.timezone());
    CatchUp catchUp;
    try {
      catchUp = r.catchUp() == null ? CatchUp.SKIP : CatchUp.fromWire(r.catchUp());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("catchUp: " + e.getMessage());
    }
    JobSpec job = job(r.job());
    Instant now = clock.instant();
    Instant next;
    try {
      next = cron.next(now, zone);
    } catch (IllegalStateException e) {
      throw ApiException.invalidField("cron: " + e.getMessage() + "; check the day and month fields");
    }
    Schedule s = new Schedule(JobIds.next(), name, cron.text(), zone.getId(), catchUp, job, false, next, now, null,
        null);
    if (!store.createSchedule(s)) {
      throw ApiException.conflict("name_taken", "a schedule named " + name + " exists; delete it first"
          + " (relayq schedule delete " + name + ") or pick another name");
    }
    log.info("schedule {} created: '{}' in {}, first tick {}", name, cron.text(), zone.getId(), next);
    runner.wake();
    ctx.status(201).json(view(s));
  }

  private void list(Context ctx) {
    QueryParams.of(ctx, Set.of());
    ctx.json(new ScheduleList(store.listSchedules().stream().map(ScheduleRoutes::view).toList()));
  }

  private void get(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = pathName(ctx);
    ctx.json(view(store.findSchedule(name).orElseThrow(() -> noSuchSchedule(name))));
  }

  private void pause(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = pathName(ctx);
    Schedule s = store.pauseSchedule(name).orElseThrow(() -> noSuchSchedule(name));
    log.info("schedule {} paused", name);
    ctx.json(view(s));
  }

  /** Ticks passed while paused do not run: the schedule goes on from its next tick after now. */
  private void resume(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = pathName(ctx);
    Schedule current = store.findSchedule(name).orElseThrow(() -> noSuchSchedule(name));
    Instant next = current.expression().next(clock.instant(), current.zone());
    Schedule s = store.resumeSchedule(name, next).orElseThrow(() -> noSuchSchedule(name));
    log.info("schedule {} resumed; next tick {}", name, next);
    runner.wake();
    ctx.json(view(s));
  }

  private void delete(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = pathName(ctx);
    if (!store.deleteSchedule(name)) {
      throw noSuchSchedule(name);
    }
    log.info("schedule {} deleted", name);
    ctx.status(204);
  }

  /** The job each tick submits, validated (and a template expanded) as a submit would be. */
  private JobSpec job(JobSubmission job) {
    if (job == null) {
      throw ApiException.invalidField("job: the job each tick submits is required, like {\"command\": \"backup.sh\"}");
    }
    if (job.runAt() != null || job.delay() != null) {
      throw ApiException.invalidField("job.runAt: a schedule's job starts at each tick; leave runAt and delay out");
    }
    if (job.key() != null) {
      throw ApiException.invalidField("job.key: each tick's job gets a key of its own (schedule and tick);"
          + " leave key out");
    }
    try {
      return jobs.spec(job);
    } catch (ApiException e) {
      // field errors start with the field's name; template errors are sentences
      String prefix = e.code().equals("invalid_field") ? "job." : "job: ";
      throw new ApiException(e.status(), e.code(), prefix + e.getMessage());
    }
  }

  private static ZoneId zone(String timezone) {
    if (timezone == null) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw ApiException.invalidField("timezone: '" + timezone + "' is not a time zone; use an IANA name like"
          + " Europe/Berlin, America/New_York or UTC");
    }
  }

  private static String pathName(Context ctx) {
    return checkName(ctx.pathParam("name"), false);
  }

  private static String checkName(String name, boolean field) {
    if (name == null || !NAME.matcher(name).matches()) {
      String message = (name == null ? "a name is required" : "'" + name + "' is not a schedule name")
          + ": use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, like nightly-backup";
      throw field ? ApiException.invalidField("name: " + message) : ApiException.invalidId(message);
    }
    return name;
  }

  static ScheduleView view(Schedule s) {
    return new ScheduleView(s.name(), s.cron(), s.timezone(), s.catchUp().wireName(), s.paused(),
        s.job().displayCommand(), s.nextFireAt(), s.lastFiredAt(), s.lastJobId(), s.createdAt());
  }

  private static ApiException noSuchSchedule(String name) {
    return ApiException.notFound("no schedule named " + name + " (relayq schedule list shows them)");
  }
}
