package io.relayq.client;

import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.OutputChannel;
import io.relayq.core.files.JobFile;
import io.relayq.core.api.FileList;
import io.relayq.core.api.IssuedToken;
import io.relayq.core.api.JobList;
import io.relayq.core.api.JobView;
import io.relayq.core.api.ScheduleList;
import io.relayq.core.api.ScheduleRequest;
import io.relayq.core.api.ScheduleView;
import io.relayq.core.api.TemplateList;
import io.relayq.core.api.TemplateView;
import io.relayq.core.api.TokenList;
import io.relayq.core.api.TokenRequest;
import io.relayq.core.api.TokenView;
import io.relayq.core.api.UploadView;
import io.relayq.core.api.WorkerList;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;

/**
 * The user side of the relayq HTTP API: submit, inspect, cancel and follow jobs, list workers,
 * manage recurring schedules.
 * Thread-safe; one instance shares one HTTP connection pool, so keep one per server.
 *
 * <p>Every method throws an unchecked {@link RelayqException}: {@link UnreachableException} when
 * the coordinator does not answer, an {@link ApiErrorException} subclass when it refuses the call
 * (nothing was changed then). A thread interrupted during a call gets a
 * {@link CancellationException} with its interrupt flag set.
 */
public final class RelayqClient implements AutoCloseable {
  /** Without even a keep-alive for this long (the coordinator sends one every 15 s) a stream is dead. */
  static final Duration FOLLOW_IDLE_LIMIT = Duration.ofSeconds(45);

  private final HttpTransport http;

  private RelayqClient(HttpTransport http) {
    this.http = http;
  }

  /**
   * A client of the coordinator at {@code server}, like {@code http://127.0.0.1:8750}. Connects
   * lazily: an unreachable server shows only on the first call.
   *
   * @throws IllegalArgumentException when the URL is not an http(s) URL with a host
   */
  public static RelayqClient connect(URI server) {
    return new RelayqClient(new HttpTransport(server));
  }

  /**
   * A client that sends {@code Authorization: Bearer <token>} with every call; a null token sends
   * none, like {@link #connect(URI)}. A coordinator that does not check tokens ignores the header.
   *
   * @throws IllegalArgumentException when the URL is not an http(s) URL with a host, or the token is
   *     empty or has spaces, line breaks or non-ASCII characters (the message does not show it)
   */
  public static RelayqClient connect(URI server, String token) {
    return new RelayqClient(new HttpTransport(server, token));
  }

  /**
   * A client of several coordinators over one database, like {@code http://a:8750} and
   * {@code http://b:8750}: calls go to one of them and move on to the next when it cannot be reached
   * or answers 503, and the client stays with the one that answered. A call is sent to another
   * coordinator only when the first cannot have received it, so a submit is never made twice; when
   * all are down the call fails with an {@link UnreachableException} naming them all.
   *
   * @throws IllegalArgumentException when the list is empty, names a coordinator twice, or a URL is
   *     not an http(s) URL with a host, or the token is malformed
   */
  public static RelayqClient connect(List<URI> servers, String token) {
    return new RelayqClient(new HttpTransport(servers, token));
  }

  /**
   * Starts building a client of {@code servers} (one, or several over one database; see
   * {@link #connect(List, String)}), for a token or a CA of its own:
   *
   * <pre>{@code
   * RelayqClient client = RelayqClient.builder(URI.create("https://relayq.lan:8750")).token(token).caFile(Path.of("ca.pem")).build();
   * }</pre>
   */
  public static Builder builder(List<URI> servers) {
    return new Builder(servers);
  }

  /** {@link #builder(List)} of one coordinator. */
  public static Builder builder(URI server) {
    return new Builder(List.of(server));
  }

  /** Settings of a {@link RelayqClient} to build; each setter returns the builder. */
  public static final class Builder {
    private final TransportSettings settings;

    private Builder(List<URI> servers) {
      this.settings = new TransportSettings(servers);
    }

    /** The bearer token sent with every call; null (the default) sends none. */
    public Builder token(String token) {
      settings.token(token);
      return this;
    }

    /**
     * Verifies {@code https://} coordinators against the CA certificates in this PEM file instead
     * of the JDK's trust store (see {@link TlsTrust#caFile}); null goes back to the trust store.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or holds no certificate
     */
    public Builder caFile(Path caFile) {
      settings.caFile(caFile);
      return this;
    }

    /** Verifies {@code https://} coordinators as {@code tls} says; null uses the JDK's trust store. */
    public Builder sslContext(SSLContext tls) {
      settings.tls(tls);
      return this;
    }

    /**
     * The client; it connects lazily.
     *
     * @throws IllegalArgumentException when the list is empty, names a coordinator twice, a URL is
     *     not an http(s) URL with a host, or the token is malformed
     */
    public RelayqClient build() {
      return new RelayqClient(settings.open());
    }
  }

  /** The server URL this client calls now (with several, the one that answered last). */
  public String server() {
    return http.server();
  }

  /**
   * Submits a job; it is committed to the coordinator's store when this returns. With an
   * idempotency key ({@code key}) already used for an equal spec, returns that job instead.
   *
   * @throws BadRequestException when the submission is invalid (the message names the field)
   * @throws ConflictException with {@link ConflictException#isKeyConflict()} when the key was used
   *     for a different spec
   */
  public Submitted submit(JobSubmission submission) {
    HttpResponse<byte[]> res = http.send(HttpTransport.postJson(http.api("/jobs"), submission),
        HttpTransport.REQUEST_TIMEOUT);
    return new Submitted(http.read(res.body(), JobView.class), res.statusCode() == 201);
  }

  /**
   * A job with its attempts and, when queued, why it is not running yet.
   *
   * @throws NotFoundException when there is no such job
   */
  public JobView job(String id) {
    return getJson("/jobs/" + HttpTransport.encode(id), JobView.class);
  }

  /**
   * Uploads a file to name in a job's inputs ({@link JobFile}); {@code progress} (may be null) hears
   * the bytes sent so far.
   *
   * @throws BadRequestException 413 over the server's size bound, 400 when the file changed while
   *     it was sent (its checksum no longer matches)
   */
  public JobFile upload(Path file, String name, LongConsumer progress) {
    String sha256 = FileTransfer.sha256(file);
    UploadView u = http.read(FileTransfer.upload(http, "POST", http.api("/uploads"), file, sha256, progress),
        UploadView.class);
    return new JobFile(name, u.upload(), u.size(), u.sha256());
  }

  /** A job's input and output files, and the outputs missing once it ended. */
  public FileList files(String id) {
    return getJson("/jobs/" + HttpTransport.encode(id) + "/files", FileList.class);
  }

  /**
   * Downloads output {@code name} of a job into {@code target}, checked against its SHA-256.
   *
   * @throws ChecksumMismatchException when the bytes do not match; nothing is left at {@code target}
   * @throws NotFoundException when the job has no such output
   */
  public void downloadOutput(String id, String name, Path target) {
    FileTransfer.download(http, http.api("/jobs/" + HttpTransport.encode(id) + "/outputs/" + HttpTransport.encode(name)),
        target);
  }

  /**
   * One page of jobs, newest first. Null filters are left out; {@code limit} of 0 or less takes the
   * server's default (50).
   *
   * @param cursor {@link JobList#nextCursor()} of the previous page, or null for the first
   * @throws BadRequestException when a filter is malformed or {@code limit} out of range
   */
  public JobList jobs(JobState state, String worker, String label, int limit, String cursor) {
    List<String> query = new ArrayList<>();
    if (state != null) {
      query.add("state=" + state.wireName());
    }
    if (worker != null) {
      query.add("worker=" + HttpTransport.encode(worker));
    }
    if (label != null) {
      query.add("label=" + HttpTransport.encode(label));
    }
    if (limit > 0) {
      query.add("limit=" + limit);
    }
    if (cursor != null) {
      query.add("cursor=" + HttpTransport.encode(cursor));
    }
    return getJson("/jobs" + (query.isEmpty() ? "" : "?" + String.join("&", query)), JobList.class);
  }

  /**
   * Cancels a job: a queued one is cancelled at once, a running one is marked
   * ({@code cancelRequested}) and ends as cancelled once its worker has killed it.
   *
   * @throws ConflictException with {@link ConflictException#isAlreadyFinished()} for a finished job
   * @throws NotFoundException when there is no such job
   */
  public JobView cancel(String id) {
    HttpRequest.Builder req = HttpRequest.newBuilder(http.api("/jobs/" + HttpTransport.encode(id) + "/cancel"))
        .POST(HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/json");
    return http.read(http.send(req, HttpTransport.REQUEST_TIMEOUT).body(), JobView.class);
  }

  /**
   * The raw output bytes of one attempt in arrival order.
   *
   * @param attempt the attempt number, or null for the latest
   * @param stream one stream, or null for both interleaved as they arrived
   * @throws NotFoundException when there is no such job
   */
  public byte[] output(String id, Integer attempt, OutputChannel stream) {
    List<String> query = new ArrayList<>();
    if (attempt != null) {
      query.add("attempt=" + attempt);
    }
    if (stream != null) {
      query.add("stream=" + stream.wireName());
    }
    String path = "/jobs/" + HttpTransport.encode(id) + "/output" + (query.isEmpty() ? "" : "?" + String.join("&", query));
    HttpRequest.Builder req = HttpRequest.newBuilder(http.api(path)).GET().header("Accept", "application/octet-stream");
    return http.send(req, HttpTransport.REQUEST_TIMEOUT).body();
  }

  /**
   * Streams a job's output until the job is terminal and all its output was delivered, then
   * returns the final job. Starts after position {@code afterSeq} (0 for everything). When the
   * connection drops before the end (coordinator restart, network), reconnects with backoff from
   * the last position seen, so nothing is repeated or missed; it keeps trying until the
   * coordinator answers again or the thread is interrupted.
   *
   * @throws UnreachableException when the first connection fails
   * @throws NotFoundException when there is no such job
   * @throws CancellationException when the calling thread is interrupted (its flag stays set)
   */
  public JobView follow(String id, long afterSeq, OutputListener listener) {
    return new FollowSession(http, id, listener, FOLLOW_IDLE_LIMIT).run(afterSeq);
  }

  /**
   * Like {@link #follow}, but gives up at {@code deadlineNanos} (on the {@link System#nanoTime()}
   * scale) and returns null then.
   */
  JobView follow(String id, long afterSeq, OutputListener listener, long deadlineNanos) {
    return new FollowSession(http, id, listener, FOLLOW_IDLE_LIMIT, deadlineNanos).run(afterSeq);
  }

  /** The transport, for the event stream of {@link Relayq#events}. */
  HttpTransport transport() {
    return http;
  }

  /** Every worker the coordinator knows, online ones first, with their current jobs. */
  public WorkerList workers() {
    return getJson("/workers", WorkerList.class);
  }

  /** Every job template the coordinator knows, by name, with its parameters and defaults. */
  public TemplateList templates() {
    return getJson("/templates", TemplateList.class);
  }

  /**
   * One job template with its parameters and defaults.
   *
   * @throws NotFoundException when the coordinator has no template of that name
   */
  public TemplateView template(String name) {
    return getJson("/templates/" + HttpTransport.encode(name), TemplateView.class);
  }

  /**
   * The coordinator's diagnosis: store health, workers, and why each job queued longer than
   * {@code olderThan} is not running (the shape is in {@code docs/observability.md}).
   */
  public com.fasterxml.jackson.databind.JsonNode diagnosis(java.time.Duration olderThan) {
    return getJson("/diagnosis?olderThan=" + io.relayq.core.Durations.format(olderThan),
        com.fasterxml.jackson.databind.JsonNode.class);
  }

  /**
   * Returns when the coordinator process answers {@code /healthz}.
   *
   * @throws UnreachableException when it does not
   */
  public void health() {
    http.send(HttpTransport.get(http.root("/healthz")), HttpTransport.REQUEST_TIMEOUT);
  }

  // ---- schedules -------------------------------------------------------------------------------

  /**
   * Creates a recurring schedule; its first tick is the next one after now.
   *
   * @throws BadRequestException when the cron expression, time zone, catch-up policy, name or job is
   *     invalid (the message names the field)
   * @throws ConflictException when a schedule of that name exists
   */
  public ScheduleView createSchedule(ScheduleRequest schedule) {
    return http.read(http.send(HttpTransport.postJson(http.api("/schedules"), schedule),
        HttpTransport.REQUEST_TIMEOUT).body(), ScheduleView.class);
  }

  /** Every schedule, by name, with its next tick. */
  public ScheduleList schedules() {
    return getJson("/schedules", ScheduleList.class);
  }

  /**
   * @throws NotFoundException when there is no such schedule
   */
  public ScheduleView schedule(String name) {
    return getJson("/schedules/" + HttpTransport.encode(name), ScheduleView.class);
  }

  /**
   * Pauses a schedule: no tick fires until it is resumed.
   *
   * @throws NotFoundException when there is no such schedule
   */
  public ScheduleView pauseSchedule(String name) {
    return postEmpty("/schedules/" + HttpTransport.encode(name) + "/pause", ScheduleView.class);
  }

  /**
   * Resumes a paused schedule at its next tick after now; ticks passed while paused do not run.
   *
   * @throws NotFoundException when there is no such schedule
   */
  public ScheduleView resumeSchedule(String name) {
    return postEmpty("/schedules/" + HttpTransport.encode(name) + "/resume", ScheduleView.class);
  }

  /**
   * Deletes a schedule; the jobs it submitted stay.
   *
   * @throws NotFoundException when there is no such schedule
   */
  public void deleteSchedule(String name) {
    http.send(HttpRequest.newBuilder(http.api("/schedules/" + HttpTransport.encode(name))).DELETE()
        .header("Accept", "application/json"), HttpTransport.REQUEST_TIMEOUT);
  }

  /**
   * Creates a token (admin tokens only). The answer is the one time the token's text is known.
   *
   * @throws BadRequestException when the name or role is invalid
   * @throws ConflictException when a valid token has the name
   */
  public IssuedToken createToken(TokenRequest token) {
    return http.read(http.send(HttpTransport.postJson(http.api("/tokens"), token),
        HttpTransport.REQUEST_TIMEOUT).body(), IssuedToken.class);
  }

  /** Every token, revoked ones too, without their text (admin tokens only). */
  public TokenList tokens() {
    return getJson("/tokens", TokenList.class);
  }

  /**
   * Revokes the valid token of this name (admin tokens only): requests with it are refused from now on.
   *
   * @throws NotFoundException when no valid token has the name
   */
  public TokenView revokeToken(String name) {
    HttpRequest.Builder req = HttpRequest.newBuilder(http.api("/tokens/" + HttpTransport.encode(name))).DELETE()
        .header("Accept", "application/json");
    return http.read(http.send(req, HttpTransport.REQUEST_TIMEOUT).body(), TokenView.class);
  }

  private <T> T postEmpty(String path, Class<T> type) {
    HttpRequest.Builder req = HttpRequest.newBuilder(http.api(path)).POST(HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/json");
    return http.read(http.send(req, HttpTransport.REQUEST_TIMEOUT).body(), type);
  }

  private <T> T getJson(String path, Class<T> type) {
    return http.read(http.send(HttpTransport.get(http.api(path)), HttpTransport.REQUEST_TIMEOUT).body(), type);
  }

  /** Aborts calls in flight (a running {@link #follow} ends with an exception) and frees the threads. */
  @Override
  public void close() {
    http.close();
  }
}
