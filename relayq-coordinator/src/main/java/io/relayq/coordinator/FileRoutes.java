package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.Job;
import io.relayq.core.JobState;
import io.relayq.core.api.FileList;
import io.relayq.core.api.FileView;
import io.relayq.core.api.UploadView;
import io.relayq.core.files.FileNames;
import io.relayq.store.Fenced;
import io.relayq.store.JobStore;
import io.relayq.store.files.FileBlob;
import io.relayq.store.files.JobFileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Job files over HTTP (docs/protocol.md, "Job files"): a submitter uploads each input first and
 * names the uploads in the job it submits; the worker holding the lease downloads the inputs and
 * uploads the outputs it collected; readers list and download outputs. Every transfer carries the
 * SHA-256 of its bytes in {@value #SHA256_HEADER}.
 */
final class FileRoutes {
  static final String SHA256_HEADER = "X-Relayq-Sha256";

  private final JobStore store;
  private final FileTransfers transfers;
  private final Ownership ownership;

  FileRoutes(JobStore store, FileTransfers transfers, Ownership ownership) {
    this.store = store;
    this.transfers = transfers;
    this.ownership = ownership;
  }

  void register(RoutesConfig routes) {
    routes.post(Api.V1 + "/uploads", this::upload, Access.SUBMIT);
    routes.get(Api.V1 + "/jobs/{id}/files", this::list, Access.READ);
    routes.get(Api.V1 + "/jobs/{id}/outputs/{name}", this::downloadOutput, Access.READ);
    routes.get(Api.V1 + "/jobs/{id}/attempts/{attempt}/inputs/{name}", this::downloadInput, Access.WORKER);
    routes.put(Api.V1 + "/jobs/{id}/attempts/{attempt}/outputs/{name}", this::uploadOutput, Access.WORKER);
  }

  // ---- submitter -------------------------------------------------------------------------------

  private void upload(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String sha256 = declaredSha256(ctx);
    long size = declaredSize(ctx);
    FileBlob blob = transfers.receive(body(ctx), size, sha256, Caller.of(ctx).tokenName());
    ctx.status(201).json(new UploadView(blob.id(), blob.size(), blob.sha256()));
  }

  // ---- worker ----------------------------------------------------------------------------------

  private void downloadInput(Context ctx) {
    Job job = leaseHeld(ctx);
    String name = fileName(ctx);
    JobFileEntry entry = entry(job.id(), JobFileEntry.Kind.INPUT, name).orElseThrow(() -> ApiException.notFound(
        "job " + job.id() + " has no input '" + name + "'"));
    send(ctx, entry.blob());
  }

  private void uploadOutput(Context ctx) {
    Job job = leaseHeld(ctx);
    String name = fileName(ctx);
    if (!job.spec().collect().contains(name)) {
      throw ApiException.invalidField("job " + job.id() + " does not collect '" + name + "'; it collects "
          + (job.spec().collect().isEmpty() ? "nothing" : String.join(", ", job.spec().collect())));
    }
    String sha256 = declaredSha256(ctx);
    long size = declaredSize(ctx);
    FileBlob blob = transfers.receive(body(ctx), size, sha256, Caller.of(ctx).tokenName());
    Fenced outcome = transfers.files().attachOutput(job.id(), job.attempt(), name, blob.id());
    if (outcome != Fenced.ACCEPTED) {
      transfers.files().deleteBlob(blob.id());
      throw ApiException.conflict("stale_lease", "attempt " + job.attempt() + " of job " + job.id()
          + " lost its lease while the output was uploading; the output was not kept");
    }
    ctx.status(201).json(new FileView(name, blob.size(), blob.sha256(), job.attempt()));
  }

  /**
   * The job, when the calling worker ({@code ?worker=NAME}, registered with the caller's token) runs
   * the attempt in the path: only it may read the inputs and write the outputs.
   */
  private Job leaseHeld(Context ctx) {
    QueryParams q = QueryParams.of(ctx, Set.of("worker"));
    String id = JobRoutes.jobId(ctx);
    int attempt = WorkerProtocolRoutes.attempt(ctx);
    String worker = q.string("worker");
    if (worker == null) {
      throw ApiException.invalidQuery("worker: required, the name of the worker holding the lease");
    }
    WorkerNames.check(worker);
    ownership.requireWorker(Caller.of(ctx), worker);
    Job job = store.findJob(id).orElseThrow(() -> JobRoutes.noSuchJob(id));
    if (job.state() != JobState.RUNNING || job.attempt() != attempt || !worker.equals(job.worker())) {
      throw new ApiException(403, "lease_not_held", "worker " + worker + " does not hold the lease of attempt "
          + attempt + " of job " + id + " (the job is " + job.state().wireName() + " on attempt " + job.attempt()
          + (job.worker() == null ? "" : ", worker " + job.worker()) + "); only that worker may move its files");
    }
    return job;
  }

  // ---- reader ----------------------------------------------------------------------------------

  private void list(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String id = JobRoutes.jobId(ctx);
    Job job = ownership.job(Caller.of(ctx), id);
    List<JobFileEntry> entries = transfers.files().jobFiles(id);
    List<FileView> inputs = views(entries, JobFileEntry.Kind.INPUT);
    List<FileView> outputs = views(entries, JobFileEntry.Kind.OUTPUT);
    List<String> missing = !job.state().isTerminal() ? List.of() : job.spec().collect().stream()
        .filter(name -> outputs.stream().noneMatch(o -> o.name().equals(name))).toList();
    ctx.json(new FileList(id, job.state().wireName(), inputs, outputs, missing));
  }

  private void downloadOutput(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String id = JobRoutes.jobId(ctx);
    String name = fileName(ctx);
    Job job = ownership.job(Caller.of(ctx), id);
    JobFileEntry entry = entry(id, JobFileEntry.Kind.OUTPUT, name).orElseThrow(() -> ApiException.notFound(
        "job " + id + " has no output '" + name + "'" + (job.spec().collect().contains(name)
            ? (job.state().isTerminal() ? ": the job ended without it" : " yet: the job is " + job.state().wireName())
            : "; it collects " + (job.spec().collect().isEmpty() ? "nothing" : String.join(", ", job.spec().collect())))));
    send(ctx, entry.blob());
  }

  // ---- shared ----------------------------------------------------------------------------------

  private Optional<JobFileEntry> entry(String jobId, JobFileEntry.Kind kind, String name) {
    return transfers.files().jobFiles(jobId).stream().filter(e -> e.kind() == kind && e.name().equals(name))
        .findFirst();
  }

  private static List<FileView> views(List<JobFileEntry> entries, JobFileEntry.Kind kind) {
    return entries.stream().filter(e -> e.kind() == kind).map(e -> new FileView(e.name(), e.blob().size(),
        e.blob().sha256(), kind == JobFileEntry.Kind.OUTPUT ? e.attempt() : null)).toList();
  }

  private void send(Context ctx, FileBlob blob) {
    InputStream in;
    try {
      in = transfers.open(blob);
    } catch (IOException e) {
      throw new ApiException(503, "file_unavailable", "cannot read file " + blob.id() + ": " + e.getMessage());
    }
    ctx.header(SHA256_HEADER, blob.sha256());
    ctx.header("Content-Length", Long.toString(blob.size()));
    ctx.contentType("application/octet-stream");
    ctx.result(in);
  }

  private static String fileName(Context ctx) {
    String name = ctx.pathParam("name");
    String problem = FileNames.problem(name);
    if (problem != null) {
      throw ApiException.invalidId(problem);
    }
    return name;
  }

  private static String declaredSha256(Context ctx) {
    String sha = ctx.header(SHA256_HEADER);
    if (!FileNames.isSha256(sha)) {
      throw ApiException.invalidField(SHA256_HEADER + ": required, the SHA-256 of the body as 64 lowercase hex digits");
    }
    return sha;
  }

  private long declaredSize(Context ctx) {
    long size = ctx.req().getContentLengthLong();
    if (size < 0) {
      throw new ApiException(411, "length_required", "send the file with a Content-Length, so its size is checked"
          + " before it is stored");
    }
    transfers.checkSize(size);
    return size;
  }

  private static InputStream body(Context ctx) {
    try {
      return ctx.req().getInputStream();
    } catch (IOException e) {
      throw new ApiException(400, "upload_incomplete", "the request body cannot be read: " + e.getMessage());
    }
  }
}
