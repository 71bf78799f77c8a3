package io.relayq.client;

import io.relayq.core.OutputChannel;
import io.relayq.core.api.FinishReport;
import io.relayq.core.api.HeartbeatRequest;
import io.relayq.core.api.HeartbeatResponse;
import io.relayq.core.api.JobView;
import io.relayq.core.api.PollRequest;
import io.relayq.core.api.PollResponse;
import io.relayq.core.api.WorkerHello;
import io.relayq.core.api.WorkerWelcome;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLContext;

/**
 * The worker side of the relayq protocol (hello, poll, heartbeat, output, finish, goodbye; see
 * {@code docs/protocol.md}). Thread-safe: an agent's loops share one instance and its connection
 * pool. Failures are unchecked {@link RelayqException}s: {@link UnreachableException} and
 * {@link ServerUnavailableException} are worth retrying with {@link Backoff}; a
 * {@link ConflictException} with {@link ConflictException#isStaleLease()} means the lease is gone
 * and the call must not be repeated. A thread interrupted during a call gets a
 * {@link CancellationException} with its interrupt flag set, and the request is aborted.
 */
public final class WorkerProtocolClient implements AutoCloseable {
  /** Added to a poll's {@code waitMs} for its HTTP timeout: the server may hold the full wait. */
  static final Duration POLL_TIMEOUT_MARGIN = Duration.ofSeconds(10);

  private final HttpTransport http;

  private WorkerProtocolClient(HttpTransport http) {
    this.http = http;
  }

  /**
   * A client of the coordinator at {@code server}, like {@code http://127.0.0.1:8750}.
   *
   * @throws IllegalArgumentException when the URL is not an http(s) URL with a host
   */
  public static WorkerProtocolClient connect(URI server) {
    return new WorkerProtocolClient(new HttpTransport(server));
  }

  /**
   * A client that sends {@code Authorization: Bearer <token>} with every call; a null token sends
   * none, like {@link #connect(URI)}.
   *
   * @throws IllegalArgumentException when the URL is not an http(s) URL with a host, or the token is
   *     empty or has spaces, line breaks or non-ASCII characters
   */
  public static WorkerProtocolClient connect(URI server, String token) {
    return new WorkerProtocolClient(new HttpTransport(server, token));
  }

  /**
   * A client of several coordinators over one database. Calls go to one of them and move on to the
   * next when it cannot be reached or answers 503, and stay with the one that answered; the worker's
   * identity and leases live in the database, so heartbeats and finishes for leases one coordinator
   * granted are taken by any other. A call is repeated on another coordinator only when the first
   * cannot have received it; when none answers it fails, and the agent's backoff retries.
   *
   * @throws IllegalArgumentException when the list is empty, names a coordinator twice, a URL is not
   *     an http(s) URL with a host, or the token is malformed
   */
  public static WorkerProtocolClient connect(List<URI> servers, String token) {
    return new WorkerProtocolClient(new HttpTransport(servers, token));
  }

  /**
   * Starts building a client of {@code servers} (one, or several over one database; see
   * {@link #connect(List, String)}), for a token or a CA of its own:
   *
   * <pre>{@code
   * WorkerProtocolClient client = WorkerProtocolClient.builder(servers).token(workerToken).caFile(caFile).build();
   * }</pre>
   */
  public static Builder builder(List<URI> servers) {
    return new Builder(servers);
  }

  /** {@link #builder(List)} of one coordinator. */
  public static Builder builder(URI server) {
    return new Builder(List.of(server));
  }

  /** Settings of a {@link WorkerProtocolClient} to build; each setter returns the builder. */
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
    public WorkerProtocolClient build() {
      return new WorkerProtocolClient(settings.open());
    }
  }

  /** The server URL this client calls now (with several, the one that answered last). */
  public String server() {
    return http.server();
  }

  /** Every coordinator this client may call, comma-separated, as given. */
  public String servers() {
    return http.servers();
  }

  /**
   * Registers this worker process. When the same {@code workerId} comes back under a new
   * incarnation, the coordinator releases the old incarnation's leases at once.
   *
   * @throws ConflictException with {@link ConflictException#isWorkerNameTaken()} when another live
   *     worker uses {@code name}
   */
  public WorkerWelcome hello(String name, WorkerHello hello) {
    return postJson(workerPath(name, "hello"), hello, WorkerWelcome.class, HttpTransport.REQUEST_TIMEOUT);
  }

  /**
   * Asks for up to {@code free} jobs and for cancels of jobs this worker runs. The coordinator
   * answers at once when it has any, else holds the call up to {@code waitMs}. Jobs in the reply are
   * leased to this worker: a reply with jobs must not be dropped.
   *
   * @throws NotFoundException when the coordinator does not know the worker: say hello again
   * @throws ConflictException with {@link ConflictException#isSuperseded()} when a newer start of
   *     this worker took over: stop
   */
  public PollResponse poll(String name, PollRequest request) {
    Duration timeout = Duration.ofMillis(request.waitMs()).plus(POLL_TIMEOUT_MARGIN);
    return postJson(workerPath(name, "poll"), request, PollResponse.class, timeout);
  }

  /**
   * Renews every lease listed; the reply names those renewed, those this worker no longer holds
   * ({@code stale}: kill them, their results would be refused) and those cancelled.
   *
   * @throws NotFoundException when the coordinator does not know the worker
   * @throws ConflictException with {@link ConflictException#isSuperseded()} when this incarnation
   *     was replaced
   */
  public HeartbeatResponse heartbeat(String name, HeartbeatRequest request) {
    return postJson(workerPath(name, "heartbeat"), request, HeartbeatResponse.class, HttpTransport.REQUEST_TIMEOUT);
  }

  /**
   * Stores output bytes of a running attempt at {@code offset} of {@code stream}. Safe to repeat:
   * bytes already stored at an offset are skipped.
   *
   * @throws ConflictException with {@link ConflictException#isStaleLease()} when the attempt no
   *     longer holds the job
   * @throws BadRequestException (413) when {@code data} is over 1 MiB
   */
  public void output(String jobId, int attempt, OutputChannel stream, long offset, byte[] data) {
    URI uri = http.api(attemptPath(jobId, attempt, "output") + "?stream=" + stream.wireName() + "&offset=" + offset);
    HttpRequest.Builder req = HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofByteArray(data))
        .header("Content-Type", "application/octet-stream");
    http.send(req, HttpTransport.REQUEST_TIMEOUT);
  }

  /**
   * Reports how an attempt ended, with its output not yet sent, and returns the job after the
   * state machine applied it (succeeded, failed, re-queued for a retry, cancelled).
   *
   * @throws ConflictException with {@link ConflictException#isStaleLease()} when the job moved on:
   *     the result is refused and recorded nowhere
   */
  public JobView finish(String jobId, FinishReport report) {
    return postJson(attemptPath(jobId, report.attempt(), "finish"), report, JobView.class, HttpTransport.REQUEST_TIMEOUT);
  }

  /**
   * Downloads input {@code name} of the attempt this worker ({@code worker}) holds into
   * {@code target}, checked against its SHA-256; returns the checksum.
   *
   * @throws ChecksumMismatchException when the bytes do not match; nothing is left at {@code target}
   * @throws ApiErrorException 403 when this worker does not hold the lease
   */
  public String downloadInput(String jobId, int attempt, String worker, String name, Path target) {
    return FileTransfer.download(http, http.api(attemptPath(jobId, attempt, "inputs") + "/" + HttpTransport.encode(name)
        + "?worker=" + HttpTransport.encode(worker)), target);
  }

  /**
   * Uploads {@code file} as output {@code name} of the attempt this worker holds.
   *
   * @throws ConflictException with {@link ConflictException#isStaleLease()} when the lease was lost
   * @throws ApiErrorException 403 when this worker does not hold the lease, 413 over the size bound
   */
  public void uploadOutput(String jobId, int attempt, String worker, String name, Path file) {
    FileTransfer.upload(http, "PUT", http.api(attemptPath(jobId, attempt, "outputs") + "/" + HttpTransport.encode(name)
        + "?worker=" + HttpTransport.encode(worker)), file, FileTransfer.sha256(file), null);
  }

  /**
   * Tells the coordinator this worker takes no more work ({@code draining} true) or is gone
   * ({@code draining} false).
   */
  public void goodbye(String name, String incarnation, boolean draining) {
    http.send(HttpTransport.postJson(http.api(workerPath(name, "goodbye")), new Goodbye(incarnation, draining)),
        HttpTransport.REQUEST_TIMEOUT);
  }

  private <T> T postJson(String path, Object body, Class<T> type, Duration timeout) {
    return http.read(http.send(HttpTransport.postJson(http.api(path), body), timeout).body(), type);
  }

  private static String workerPath(String name, String action) {
    return "/workers/" + HttpTransport.encode(name) + "/" + action;
  }

  private static String attemptPath(String jobId, int attempt, String action) {
    return "/jobs/" + HttpTransport.encode(jobId) + "/attempts/" + attempt + "/" + action;
  }

  /** Aborts calls in flight and frees the client's threads. */
  @Override
  public void close() {
    http.close();
  }
}
