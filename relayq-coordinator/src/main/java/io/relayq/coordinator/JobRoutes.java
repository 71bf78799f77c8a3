package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.InvalidJobException;
import io.relayq.core.Job;
import io.relayq.core.JobIds;
import io.relayq.core.JobSpec;
import io.relayq.core.JobSpecValidator;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.Labels;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobList;
import io.relayq.core.template.TemplateCatalog;
import io.relayq.core.template.TemplateException;
import io.relayq.store.CancelResult;
import io.relayq.store.JobPage;
import io.relayq.store.JobQuery;
import io.relayq.store.JobStore;
import io.relayq.store.NewJob;
import io.relayq.store.StoredChunk;
import io.relayq.store.SubmitResult;
import io.relayq.store.UnknownDependencyException;
import io.relayq.store.files.UnknownUploadException;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user side of jobs: submit (idempotent with a key), read, list, cancel, and read or follow
 * output. Every input is checked before the store is touched, so a 4xx changes nothing.
 */
final class JobRoutes {
  private static final Logger log = LoggerFactory.getLogger(JobRoutes.class);
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_CURSOR_LENGTH = 512;
  private static final int OUTPUT_BATCH_BYTES = 1024 * 1024;
  private static final String EXAMPLE = "{\"command\": \"echo hi\"}";

  private final JobStore store;
  private final InstantSource clock;
  private final RequestBodies bodies;
  private final Views views;
  private final Wakeups wakeups;
  private final OutputFollower follower;
  private final JobTelemetry telemetry;
  private final TemplateCatalog templates;
  private final Ownership ownership;
  private final FileTransfers files;

  JobRoutes(JobStore store, InstantSource clock, RequestBodies bodies, Views views, Wakeups wakeups,
      OutputFollower follower, JobTelemetry telemetry, TemplateCatalog templates, Ownership ownership,
      FileTransfers files) {
    this.store = store;
    this.clock = clock;
    this.bodies = bodies;
    this.views = views;
    this.wakeups = wakeups;
    this.follower = follower;
    this.telemetry = telemetry;
    this.templates = templates;
    this.ownership = ownership;
    this.files = files;
  }

  void register(RoutesConfig routes) {
    routes.post(Api.V1 + "/jobs", this::submit, Access.SUBMIT);
    routes.get(Api.V1 + "/jobs", this::list, Access.READ);
    routes.get(Api.V1 + "/jobs/{id}", this::get, Access.READ);
    routes.get(Api.V1 + "/jobs/{id}/events", this::events, Access.READ);
    routes.post(Api.V1 + "/jobs/{id}/cancel", this::cancel, Access.SUBMIT);
    routes.get(Api.V1 + "/jobs/{id}/output", this::output, Access.READ);
  }

  private void submit(Context ctx) {
    QueryParams.of(ctx, Set.of());
    JobSubmission submission = withHeaderKey(bodies.json(ctx, JobSubmission.class, EXAMPLE), ctx.header(IDEMPOTENCY_KEY));
    Instant now = clock.instant();
    JobSpec spec = spec(submission);
    try {
      JobSpecValidator.checkStartNotPast(spec, now);
    } catch (InvalidJobException e) {
      throw ApiException.invalidField(e.getMessage());
    }
    Caller caller = Caller.of(ctx);
    spec.inputs().forEach(input -> files.checkInput(input, caller));
    SubmitResult result;
    try {
      result = store.submit(new NewJob(JobIds.next(), spec, submission.key(), caller.tokenName(), now));
    } catch (UnknownDependencyException e) {
      throw ApiException.unknownDependency(e.getMessage());
    } catch (UnknownUploadException e) {
      throw new ApiException(422, "unknown_upload", e.getMessage());
    }
    Job job = result.job();
    switch (result.status()) {
      case CREATED -> {
        log.debug("job {} submitted: {}", job.id(), spec.displayCommand());
        if (job.state() == JobState.QUEUED) {
          wakeups.jobQueued(job);
        } else {
          wakeups.jobChanged(job);
        }
        telemetry.submitted();
        ctx.status(201).json(Views.brief(job));
      }
      case EXISTING -> ctx.status(200).json(Views.brief(job));
      case KEY_CONFLICT -> throw ApiException.conflict("key_conflict", "idempotency key '" + submission.key()
          + "' is already used by job " + job.id() + " with a different spec; use a new key, or send the same spec"
          + " to get that job back");
    }
  }

  /** The spec of a submission; a template one is expanded into its argv first. */
  JobSpec spec(JobSubmission submission) {
    TemplateCatalog.Expansion expansion = null;
    if (submission.template() != null) {
      try {
        expansion = templates.expand(submission);
      } catch (TemplateException e) {
        throw new ApiException(400, e.code(), e.getMessage());
      }
    }
    try {
      if (expansion == null) {
        return JobSpecValidator.validate(submission);
      }
      return JobSpecValidator.validate(expansion.submission()).withTemplate(expansion.use());
    } catch (InvalidJobException e) {
      throw ApiException.invalidField(expansion == null ? e.getMessage()
          : "template '" + submission.template() + "': " + e.getMessage());
    }
  }

  /** The key may come as a header or a field; both given and different is a mistake worth a 400. */
  private static JobSubmission withHeaderKey(JobSubmission s, String header) {
    if (header == null) {
      return s;
    }
    if (s.key() != null && !s.key().equals(header)) {
      throw ApiException.invalidField("key: the " + IDEMPOTENCY_KEY + " header ('" + header + "') and the key field ('"
          + s.key() + "') differ; give the key once");
    }
    return s.withKey(header);
  }

  private void get(Context ctx) {
    QueryParams.of(ctx, Set.of());
    ctx.json(views.detailed(find(ctx, jobId(ctx))));
  }

  /** A job's history, oldest first: what the dashboard's timeline shows. */
  private void events(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String id = jobId(ctx);
    find(ctx, id);
    ctx.json(new JobHistory(id, store.events(id)));
  }

  private void list(Context ctx) {
    QueryParams q = QueryParams.of(ctx, Set.of("state", "worker", "label", "limit", "cursor"));
    JobState state = null;
    if (q.string("state") != null) {
      try {
        state = JobState.fromWire(q.string("state"));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidQuery("state: " + e.getMessage());
      }
    }
    String worker = q.string("worker");
    if (worker != null) {
      try {
        WorkerNames.check(worker);
      } catch (ApiException e) {
        throw ApiException.invalidQuery("worker: " + e.getMessage());
      }
    }
    String label = q.string("label");
    if (label != null) {
      try {
        Labels.check(label);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidQuery("label: " + e.getMessage());
      }
    }
    Integer limit = q.integer("limit", 1, JobQuery.MAX_LIMIT);
    String cursor = q.string("cursor");
    if (cursor != null && (cursor.length() > MAX_CURSOR_LENGTH || !cursor.chars().allMatch(c -> c > 32 && c < 127))) {
      throw ApiException.invalidQuery("cursor: not a cursor from a previous page; pass nextCursor unchanged");
    }
    JobPage page;
    try {
      page = store.listJobs(new JobQuery(state, worker, label, limit == null ? DEFAULT_LIMIT : limit, cursor)
          .submittedBy(ownership.listedSubmitter(Caller.of(ctx))));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidQuery("cursor: " + e.getMessage());
    }
    ctx.json(new JobList(page.jobs().stream().map(Views::brief).toList(), page.nextCursor()));
  }

  private void cancel(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String id = jobId(ctx);
    find(ctx, id);
    CancelResult result = store.requestCancel(id, clock.instant());
    switch (result.outcome()) {
      case CANCELLED -> {
        log.debug("job {} cancelled while queued", id);
        wakeups.jobChanged(result.job());
        telemetry.cancelledWhileQueued();
        ctx.json(Views.brief(result.job()));
      }
      case CANCEL_REQUESTED -> {
        log.debug("job {} cancel requested; worker {} will kill it", id, result.job().worker());
        wakeups.cancelRequested(result.job());
        ctx.json(Views.brief(result.job()));
      }
      case ALREADY_FINISHED -> throw ApiException.conflict("already_finished", "job " + id + " already "
          + result.job().state().wireName() + (result.job().finishedAt() == null ? "" : " at " + result.job().finishedAt())
          + "; there is nothing to cancel");
      case NOT_FOUND -> throw noSuchJob(id);
    }
  }

  private void output(Context ctx) throws IOException {
    QueryParams q = QueryParams.of(ctx, Set.of("attempt", "stream", "follow", "after"));
    String id = jobId(ctx);
    OutputChannel only = stream(q);
    boolean follow = q.flag("follow");
    Integer attempt = q.integer("attempt", 1, Integer.MAX_VALUE);
    Long after = q.number("after", 0, Long.MAX_VALUE);
    if (follow && after == null) {
      // A reconnecting EventSource resumes with the id of the last chunk it got, as a header.
      after = EventStreamRoutes.lastEventId(ctx.header("Last-Event-ID"));
    }
    if (follow && attempt != null) {
      throw ApiException.invalidQuery("attempt: a follow stream sends every attempt in turn; leave attempt out");
    }
    if (!follow && after != null) {
      throw ApiException.invalidQuery("after: only used with follow=true");
    }
    Job job = find(ctx, id);
    if (follow) {
      follower.follow(ctx, job, after == null ? 0 : after, only);
      return;
    }
    int wanted = attempt == null ? job.attempt() : attempt;
    if (wanted > job.attempt()) {
      throw ApiException.notFound("job " + id + " has no attempt " + wanted + " (it has " + job.attempt() + ")");
    }
    writeRaw(ctx, id, wanted, only);
  }

  private void writeRaw(Context ctx, String id, int attempt, OutputChannel only) throws IOException {
    // The first batch is read before the response starts, so a store failure still gets a 503.
    List<StoredChunk> chunks = attempt == 0 ? List.of() : store.readOutput(id, attempt, 0, OUTPUT_BATCH_BYTES);
    ctx.res().setStatus(200);
    ctx.res().setContentType("application/octet-stream");
    ServletOutputStream out = ctx.res().getOutputStream();
    while (!chunks.isEmpty()) {
      long last = 0;
      for (StoredChunk c : chunks) {
        if (only == null || c.stream() == only) {
          out.write(c.data());
        }
        last = c.seq();
      }
      chunks = store.readOutput(id, attempt, last, OUTPUT_BATCH_BYTES);
    }
    out.flush();
  }

  private static OutputChannel stream(QueryParams q) {
    String s = q.string("stream");
    if (s == null) {
      return null;
    }
    try {
      return OutputChannel.fromWire(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidQuery("stream: " + e.getMessage());
    }
  }

  private Job find(Context ctx, String id) {
    return ownership.job(Caller.of(ctx), id);
  }

  static String jobId(Context ctx) {
    try {
      return JobIds.check(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidId(e.getMessage());
    }
  }

  static ApiException noSuchJob(String id) {
    return ApiException.notFound("no job " + id + " (it never existed, or was pruned)");
  }
}
