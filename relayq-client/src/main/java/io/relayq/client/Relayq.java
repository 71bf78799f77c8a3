package io.relayq.client;

import io.relayq.core.RecordedEvent;
import io.relayq.core.api.TemplateView;
import io.relayq.core.api.WorkerView;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The fluent entry point of the Java client: describe a job, submit it, wait for it, read its
 * output; list workers; watch events. Thread-safe; keep one per coordinator and close it when done
 * (that frees its HTTP connections). Every call fails with an unchecked {@link RelayqException}:
 * {@link UnreachableException} when the coordinator does not answer, {@link AuthException} when it
 * refuses the token, {@link NotFoundException}, {@link ConflictException},
 * {@link BadRequestException} when it refuses the call (nothing changed then).
 *
 * <pre>{@code
 * try (Relayq relayq = Relayq.fromLocalConfig()) {
 *   JobHandle job = relayq.job("make test").on("build-box").timeout(Duration.ofMinutes(30)).submit();
 *   JobView done = job.await(Duration.ofHours(1));
 *   System.out.print(new String(job.output(), StandardCharsets.UTF_8));
 * }
 * }</pre>
 */
public final class Relayq implements AutoCloseable {
  private final RelayqClient client;

  private Relayq(RelayqClient client) {
    this.client = client;
  }

  /**
   * A client of the coordinator at {@code server}, like {@code http://127.0.0.1:8750}, without a
   * token. Connects lazily: an unreachable server shows on the first call.
   *
   * @throws IllegalArgumentException when the URL is not an http(s) URL with a host
   */
  public static Relayq connect(URI server) {
    return new Relayq(RelayqClient.connect(server));
  }

  /**
   * A client that sends {@code Authorization: Bearer <token>} with every call; null sends none.
   *
   * @throws IllegalArgumentException when the URL is not an http(s) URL with a host, or the token
   *     has spaces, line breaks or non-ASCII characters
   */
  public static Relayq connect(URI server, String token) {
    return new Relayq(RelayqClient.connect(server, token));
  }

  /**
   * A client of several coordinators over one database (behind no load balancer, or as a fallback
   * list): a call goes to one, moves on to the next when it cannot be reached or answers 503, and
   * the client stays with the one that answered. A call is repeated elsewhere only when the first
   * coordinator cannot have received it, so a submit is never made twice.
   *
   * <pre>{@code
   * Relayq relayq = Relayq.connect(List.of(URI.create("http://a:8750"), URI.create("http://b:8750")), token);
   * }</pre>
   *
   * @throws IllegalArgumentException when the list is empty, names a coordinator twice, a URL is not
   *     an http(s) URL with a host, or the token is malformed
   */
  public static Relayq connect(List<URI> servers, String token) {
    return new Relayq(RelayqClient.connect(servers, token));
  }

  /**
   * A client configured like the {@code relayq} CLI on this machine: the server from
   * {@code RELAYQ_SERVER}, else {@code server:} in the config file, else
   * {@code http://127.0.0.1:8750} (several coordinators comma-separated, see
   * {@link #connect(List, String)}); the token from {@code RELAYQ_TOKEN}, else {@code token:}; the CA
   * certificates to trust for {@code https://} from {@code RELAYQ_CA_FILE}, else {@code ca_file:}, else
   * the JDK's trust store. The
   * config file is {@code RELAYQ_CONFIG} when set, else {@code ~/.relayq/config.yml} when it exists.
   *
   * @throws IllegalArgumentException when {@code RELAYQ_CONFIG} names a missing file, the file has
   *     an unknown key or is not in the supported {@code key: value} form (the message names the
   *     file and line), or the server is not an http(s) URL (the message names where it was set)
   */
  public static Relayq fromLocalConfig() {
    return fromLocalConfig(System.getenv());
  }

  /** {@link #fromLocalConfig()} reading variables from {@code env} instead of the process. */
  static Relayq fromLocalConfig(Map<String, String> env) {
    LocalConfig config = LocalConfig.load(env);
    if (config.token() != null) {
      try {
        HttpTransport.checkToken(config.token());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(config.tokenSource() + ": " + e.getMessage(), e);
      }
    }
    RelayqClient.Builder builder;
    try {
      builder = RelayqClient.builder(config.servers()).token(config.token());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(config.serverSource() + ": " + e.getMessage(), e);
    }
    try {
      builder.caFile(config.caFile());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("RELAYQ_CA_FILE or ca_file: " + e.getMessage(), e);
    }
    try {
      return new Relayq(builder.build());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(config.serverSource() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The fluent API over {@code client}, built for settings {@code connect} does not take, like a CA
   * file ({@link RelayqClient#builder(List)}). Closing the result closes the client.
   */
  public static Relayq of(RelayqClient client) {
    return new Relayq(Objects.requireNonNull(client, "client"));
  }

  /** The server URL this client calls, without a trailing slash. */
  public String server() {
    return client.server();
  }

  /** Starts describing a job that runs {@code command} with {@code /bin/sh -c} on a worker. */
  public JobBuilder job(String command) {
    return new JobBuilder(client, Objects.requireNonNull(command, "command"), null);
  }

  /**
   * Starts describing a job that runs {@code argv} (a program and its arguments) without a shell:
   * every element reaches the program as it is, whatever quotes or semicolons it holds.
   */
  public JobBuilder argv(String... argv) {
    return new JobBuilder(client, null, Arrays.asList(argv));
  }

  /** Like {@link #argv(String...)}. */
  public JobBuilder argv(List<String> argv) {
    return new JobBuilder(client, null, argv);
  }

  /**
   * Starts describing a job of the coordinator's template {@code name} (like {@code transcode}):
   * give its parameters with {@link JobBuilder#param}; the coordinator checks them and builds the
   * argv, never through a shell. Other settings work as for any job; the template's labels are
   * added to the job's, and its timeout, retries and priority apply unless the job sets them.
   *
   * <pre>{@code
   * relayq.template("transcode").param("input", "in.mov").param("output", "out.mp4")
   *     .param("options", List.of("-c:v", "libx264")).submit().await(Duration.ofHours(3));
   * }</pre>
   */
  public JobBuilder template(String name) {
    return JobBuilder.ofTemplate(client, Objects.requireNonNull(name, "name"));
  }

  /** Every job template the coordinator offers, with its parameters and defaults. */
  public List<TemplateView> templates() {
    return client.templates().templates();
  }

  /**
   * A handle on a job submitted earlier (by anyone). Makes no call: an unknown id shows as a
   * {@link NotFoundException} on the handle's first use.
   */
  public JobHandle handle(String jobId) {
    return new JobHandle(client, jobId, true, null);
  }

  /** Every worker the coordinator knows, online ones first, with labels, slots and current jobs. */
  public List<WorkerView> workers() {
    return client.workers().workers();
  }

  /**
   * Delivers every job event from now on (submitted, leased, requeued, succeeded, failed,
   * cancelled...) to {@code listener}, on a background thread, until the subscription is closed.
   * Events between a dropped connection and its reconnect are delivered late, not lost, once one
   * event has arrived; before that, a reconnect starts again from "now".
   *
   * @throws UnreachableException when the coordinator does not answer the first connection
   */
  public EventSubscription events(Consumer<RecordedEvent> listener) {
    return EventFeed.start(client.transport(), -1, Objects.requireNonNull(listener, "listener"),
        RelayqClient.FOLLOW_IDLE_LIMIT);
  }

  /**
   * Delivers the job events after {@code afterSeq} (0: the whole history), then live ones; use
   * {@link EventSubscription#lastSeq()} of an earlier subscription to resume where it stopped.
   *
   * @throws UnreachableException when the coordinator does not answer the first connection
   */
  public EventSubscription events(long afterSeq, Consumer<RecordedEvent> listener) {
    if (afterSeq < 0) {
      throw new IllegalArgumentException("afterSeq must be 0 or more, got " + afterSeq);
    }
    return EventFeed.start(client.transport(), afterSeq, Objects.requireNonNull(listener, "listener"),
        RelayqClient.FOLLOW_IDLE_LIMIT);
  }

  /** The lower-level client this one is built on: listing jobs, reading output by attempt... */
  public RelayqClient client() {
    return client;
  }

  /** Aborts calls in flight and frees the HTTP connections; open subscriptions end. */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "relayq client of " + server();
  }
}
