package io.relayq.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.relayq.core.Json;
import io.relayq.store.JobStore;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running coordinator: the HTTP API and worker protocol of docs/protocol.md over one
 * {@link JobStore}, plus the background lease reaper. It keeps no state of its own that matters
 * (only caches and wake-ups), so several coordinators may share one store.
 *
 * <pre>{@code
 * try (JobStore store = SqliteJobStore.open(dataDir.resolve("relayq.db"));
 *      Coordinator c = Coordinator.start(CoordinatorConfig.defaults(), store, InstantSource.system())) {
 *   System.out.println("listening on " + c.url());
 *   ...
 * }
 * }</pre>
 */
public final class Coordinator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
  /** Connections may sit silent during a long poll; give them this much beyond the longest poll. */
  private static final Duration IDLE_MARGIN = Duration.ofSeconds(30);

  private final Javalin app;
  private final Wakeups wakeups;
  private final LeaseReaper reaper;
  private final Periodic reaperLoop;
  private final Periodic presenceLoop;
  private final URI url;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Coordinator(CoordinatorConfig config, Javalin app, Wakeups wakeups, LeaseReaper reaper,
      Periodic reaperLoop, Periodic presenceLoop) {
    this.app = app;
    this.wakeups = wakeups;
    this.reaper = reaper;
    this.reaperLoop = reaperLoop;
    this.presenceLoop = presenceLoop;
    this.url = url(config.bind(), app.port());
  }

  /**
   * Starts serving on {@code config.bind():config.port()} and starts the lease reaper. First gives
   * every running lease a full TTL from now, so time this coordinator was down is not held against
   * workers that kept running their jobs.
   *
   * @param clock the source of every timestamp written to the store
   * @throws IllegalStateException when the address cannot be listened on (port in use, no such
   *     interface); nothing keeps running then
   * @throws io.relayq.store.StoreException when the store cannot extend the leases
   */
  public static Coordinator start(CoordinatorConfig config, JobStore store, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    int extended = store.extendRunningLeases(clock.instant());
    ObjectMapper mapper = Json.mapper();
    Wakeups wakeups = new Wakeups();
    // The URL is only known once the port is bound; the waiting reason reads it lazily.
    URI[] boundUrl = new URI[1];
    WaitingReason waitingReason = new WaitingReason(config.workerOfflineAfter(), () -> boundUrl[0]);
    Views views = new Views(store, clock, waitingReason, config.workerOfflineAfter());
    RequestBodies bodies = new RequestBodies(mapper, config.maxJsonBytes(), config.maxOutputChunkBytes());
    WorkerPresence presence = new WorkerPresence(store, clock, config.workerOfflineAfter());
    JobRoutes jobs = new JobRoutes(store, clock, bodies, views, wakeups, new OutputFollower(store, views, wakeups, mapper));
    WorkerProtocolRoutes workers = new WorkerProtocolRoutes(store, clock, config, bodies, views, wakeups,
        new WorkerDirectory(store), presence);
    EventStreamRoutes events = new EventStreamRoutes(store, wakeups.history(), mapper);
    HealthRoutes health = new HealthRoutes(store);

    Javalin app = Javalin.create(cfg -> {
      configureServer(cfg, config, mapper);
      ErrorResponses.install(cfg.routes);
      health.register(cfg.routes);
      jobs.register(cfg.routes);
      workers.register(cfg.routes);
      events.register(cfg.routes);
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      wakeups.close();
      stopQuietly(app);
      throw new IllegalStateException("cannot listen on " + config.bind() + ":" + config.port() + ": "
          + rootMessage(e) + " (is another server using the port? pick another with --port, or 0 for any)", e);
    }
    LeaseReaper reaper = new LeaseReaper(store, clock, wakeups);
    Periodic reaperLoop = new Periodic("relayq-lease-reaper", config.reaperInterval(), reaper::runOnce).start();
    Periodic presenceLoop = new Periodic("relayq-worker-presence", config.reaperInterval(), presence::refresh).start();
    Coordinator c = new Coordinator(config, app, wakeups, reaper, reaperLoop, presenceLoop);
    boundUrl[0] = c.url;
    log.info("relayq coordinator listening on {} ({} running leases extended by their TTL)", c.url, extended);
    return c;
  }

  private static void configureServer(JavalinConfig cfg, CoordinatorConfig config, ObjectMapper mapper) {
    cfg.concurrency.useVirtualThreads = true;
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    cfg.jsonMapper(new JavalinJackson(mapper, true));
    cfg.http.prefer405over404 = true;
    cfg.http.compressionStrategy = CompressionStrategy.NONE;
    cfg.http.maxRequestSize = Math.max(config.maxJsonBytes(), config.maxOutputChunkBytes());
    long idleMillis = config.maxPollWait().plus(IDLE_MARGIN).toMillis();
    cfg.jetty.addConnector((server, httpConfig) -> {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
      connector.setHost(config.bind());
      connector.setPort(config.port());
      connector.setIdleTimeout(idleMillis);
      return connector;
    });
  }

  /** The port actually listened on (the chosen one when the config said 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://bind:port}, the base URL clients and workers use. */
  public URI url() {
    return url;
  }

  /** The reaper this coordinator runs in the background; tests run it at a moment of their choosing. */
  LeaseReaper reaper() {
    return reaper;
  }

  /**
   * Stops serving: long polls answer empty, streams end, the reaper stops. The store is not closed;
   * whoever opened it owns it. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    wakeups.close();
    reaperLoop.close();
    presenceLoop.close();
    app.stop();
    log.info("relayq coordinator on {} stopped", url);
  }

  private static URI url(String bind, int port) {
    String host = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    return URI.create("http://" + host + ":" + port);
  }

  private static void stopQuietly(Javalin app) {
    try {
      app.stop();
    } catch (RuntimeException e) {
      log.debug("stopping a server that failed to start: {}", e.toString());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
