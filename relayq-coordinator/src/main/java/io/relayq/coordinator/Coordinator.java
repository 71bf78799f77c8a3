package io.relayq.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.security.RouteRole;
import io.javalin.security.Roles;
import io.relayq.core.Json;
import io.relayq.store.JobStore;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running coordinator: the HTTP API and worker protocol of docs/protocol.md over one
 * {@link JobStore}, the dashboard at {@code /}, Prometheus metrics at {@code /metrics}, webhook
 * alerts, plus the background lease reaper. It keeps no state of its own that matters
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
  private final WorkerPresence presence;
  private final ClusterSnapshots snapshots;
  private final CoordinatorMetrics metrics;
  private final AlertDispatcher alerts;
  private final List<Periodic> loops;
  private final ScheduleRunner schedules;
  private final URI url;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Coordinator(CoordinatorConfig config, boolean https, Javalin app, Wakeups wakeups, LeaseReaper reaper,
      WorkerPresence presence, ClusterSnapshots snapshots, CoordinatorMetrics metrics, AlertDispatcher alerts,
      List<Periodic> loops, ScheduleRunner schedules) {
    this.app = app;
    this.wakeups = wakeups;
    this.reaper = reaper;
    this.presence = presence;
    this.snapshots = snapshots;
    this.metrics = metrics;
    this.alerts = alerts;
    this.loops = loops;
    this.schedules = schedules;
    this.url = url(https ? "https" : "http", config.bind(), app.port());
  }

  /**
   * Starts serving on {@code config.bind():config.port()} and starts the background loops (lease
   * reaper, worker presence, cluster snapshot for metrics and alerts). First gives every running
   * lease a full TTL from now, so time this coordinator was down is not held against workers that
   * kept running their jobs.
   *
   * @param clock the source of every timestamp written to the store
   * @throws IllegalStateException when the address cannot be listened on (port in use, no such
   *     interface); nothing keeps running then
   * @throws io.relayq.store.StoreException when the store cannot extend the leases
   */
  public static Coordinator start(CoordinatorConfig config, JobStore rawStore, InstantSource clock) {
    return start(config, null, rawStore, clock);
  }

  /**
   * As {@link #start(CoordinatorConfig, JobStore, InstantSource)}, serving HTTPS only with
   * {@code tls} when it is not null: a plain-HTTP request on the port gets a 400 that says to use
   * {@code https://}, never an answer over plain HTTP.
   */
  public static Coordinator start(CoordinatorConfig config, TlsIdentity tls, JobStore rawStore, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(rawStore, "store");
    Objects.requireNonNull(clock, "clock");
    CoordinatorMetrics metrics = new CoordinatorMetrics();
    JobStore store = new TimedJobStore(rawStore, metrics);
    int extended;
    try {
      extended = store.extendRunningLeases(clock.instant());
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    ObjectMapper mapper = Json.mapper();
    Wakeups wakeups = new Wakeups(clock);
    // The URL is only known once the port is bound; the waiting reason and alerts read it lazily.
    URI[] boundUrl = new URI[1];
    Supplier<URI> serverUrl = () -> boundUrl[0];
    InstallerRoutes installer = InstallerRoutes.locate(null, serverUrl);
    WaitingReason waitingReason = new WaitingReason(config.workerOfflineAfter(), serverUrl);
    QueueScan queueScan = new QueueScan(store, waitingReason);
    ClusterSnapshots snapshots = new ClusterSnapshots(store, clock, queueScan, waitingReason, metrics,
        config.workerOfflineAfter());
    metrics.bindSnapshot(snapshots::current);
    Alerts alertFactory = new Alerts(serverUrl);
    AlertDispatcher alerts = new AlertDispatcher(config.alerts(), metrics, mapper);
    snapshots.onRefresh(new AlertMonitor(config.alerts(), alertFactory, alerts)::check);
    JobTelemetry telemetry = new JobTelemetry(metrics, alertFactory, alerts);

    Views views = new Views(store, clock, waitingReason, config.workerOfflineAfter());
    RequestBodies bodies = new RequestBodies(mapper, config.maxJsonBytes(), config.maxOutputChunkBytes());
    WorkerEvents workerEvents = new WorkerEvents(wakeups.history());
    WorkerPresence presence = new WorkerPresence(store, clock, config.workerOfflineAfter(), workerEvents);
    WorkerDirectory directory = new WorkerDirectory(store);
    Ownership ownership = new Ownership(store, directory);
    FileTransfers fileTransfers = new FileTransfers(store.files(), config.files(), clock);
    JobRoutes jobs = new JobRoutes(store, clock, bodies, views, wakeups, new OutputFollower(store, views, wakeups, mapper),
        telemetry, config.templates(), ownership, fileTransfers);
    FileRoutes files = new FileRoutes(store, fileTransfers, ownership);
    TemplateRoutes templates = new TemplateRoutes(config.templates());
    WorkerProtocolRoutes workers = new WorkerProtocolRoutes(store, clock, config, bodies, views, wakeups,
        directory, presence, telemetry, ownership, new OutputCap(store, config.maxOutputBytes()));
    EventStreamRoutes events = new EventStreamRoutes(store, wakeups.history(), workerEvents, mapper, ownership);
    HealthRoutes health = new HealthRoutes(store);
    DiagnosisRoutes diagnosis = new DiagnosisRoutes(store, clock, queueScan, config.workerOfflineAfter(), serverUrl,
        ownership);
    OverviewRoutes overview = new OverviewRoutes(snapshots);
    MetricsRoutes metricsRoutes = new MetricsRoutes(metrics, snapshots);
    ScheduleRunner scheduleRunner = new ScheduleRunner(store, clock, wakeups, telemetry);
    ScheduleRoutes scheduleRoutes = new ScheduleRoutes(store, clock, bodies, scheduleRunner, jobs);

    TokenAuthenticator authenticator = new TokenAuthenticator(store, clock);
    TokenRoutes tokens = new TokenRoutes(store, clock, bodies, authenticator);
    Javalin[] built = new Javalin[1];
    AccessControl accessControl = new AccessControl(authenticator, () -> built[0].unsafe.internalRouter, ownership);

    Javalin app = Javalin.create(cfg -> {
      configureServer(cfg, config, tls, mapper);
      HttpMetrics.install(cfg, metrics);
      Dashboard.install(cfg);
      ErrorResponses.install(cfg.routes);
      accessControl.install(cfg.routes);
      health.register(cfg.routes);
      installer.register(cfg.routes);
      metricsRoutes.register(cfg.routes);
      jobs.register(cfg.routes);
      files.register(cfg.routes);
      templates.register(cfg.routes);
      workers.register(cfg.routes);
      events.register(cfg.routes);
      diagnosis.register(cfg.routes);
      overview.register(cfg.routes);
      scheduleRoutes.register(cfg.routes);
      tokens.register(cfg.routes);
    });
    built[0] = app;
    try {
      app.start();
    } catch (RuntimeException e) {
      wakeups.close();
      alerts.close();
      metrics.close();
      stopQuietly(app);
      throw new IllegalStateException("cannot listen on " + config.bind() + ":" + config.port() + ": "
          + rootMessage(e) + " (is another server using the port? pick another with --port, or 0 for any)", e);
    }
    LeaseReaper reaper = new LeaseReaper(store, clock, wakeups, directory, telemetry);
    Retention retention = new Retention(store, clock, config.retention(), new FileSweep(fileTransfers, clock));
    List<Periodic> loops = new java.util.ArrayList<>(List.of(
        new Periodic("relayq-lease-reaper", config.reaperInterval(), reaper::runOnce).start(),
        new Periodic("relayq-worker-presence", config.reaperInterval(), presence::refresh).start(),
        new Periodic("relayq-cluster-snapshot", ClusterSnapshots.INTERVAL, snapshots::refresh).start()));
    if (retention.enabled()) {
      loops.add(new Periodic("relayq-retention", retention.interval(), retention::runOnce).start());
    }
    Coordinator c = new Coordinator(config, tls != null, app, wakeups, reaper, presence, snapshots, metrics, alerts, loops,
        scheduleRunner.start());
    boundUrl[0] = c.url;
    if (tls != null) {
      log.info("serving HTTPS with the certificate for {} from {}", tls.describe(), tls.certFile());
    }
    log.info("relayq coordinator listening on {} ({} running leases extended by their TTL; dashboard at {}/,"
        + " metrics at {}/metrics, {} alert webhooks)", c.url, extended, c.url, c.url,
        config.alerts().webhooks().size());
    return c;
  }

  private static void configureServer(JavalinConfig cfg, CoordinatorConfig config, TlsIdentity tls,
      ObjectMapper mapper) {
    cfg.concurrency.useVirtualThreads = true;
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    cfg.jsonMapper(new JavalinJackson(mapper, true));
    cfg.http.prefer405over404 = true;
    cfg.http.compressionStrategy = CompressionStrategy.NONE;
    cfg.http.maxRequestSize = Math.max(config.maxJsonBytes(), config.maxOutputChunkBytes());
    long idleMillis = config.maxPollWait().plus(IDLE_MARGIN).toMillis();
    cfg.jetty.addConnector((server, httpConfig) -> {
      ServerConnector connector = tls == null
          ? new ServerConnector(server, new HttpConnectionFactory(httpConfig))
          : httpsConnector(server, httpConfig, tls);
      connector.setHost(config.bind());
      connector.setPort(config.port());
      connector.setIdleTimeout(idleMillis);
      return connector;
    });
  }

  private static ServerConnector httpsConnector(Server server, HttpConfiguration httpConfig, TlsIdentity tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(tls.password());
    HttpConfiguration https = new HttpConfiguration(httpConfig);
    // Clients check the name against the certificate; the server-side check would only refuse
    // requests that reached us by an address the certificate does not list, like a proxy's.
    https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
    SslConnectionFactory handshake = new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString());
    return new ServerConnector(server, new HttpsOnly(handshake), handshake, new HttpConnectionFactory(https));
  }

  /** The port actually listened on (the chosen one when the config said 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://bind:port} ({@code https://} with TLS), the base URL clients and workers use. */
  public URI url() {
    return url;
  }

  /**
   * Every HTTP route with the access it declared ({@link Access#ADMIN} when it declared none, as
   * {@link AccessControl} treats it), so tests can check each route, including ones added later.
   */
  List<RouteAccess> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(e -> ROUTE_METHODS.contains(e.endpoint.method))
        .map(e -> new RouteAccess(e.endpoint.method.name(), e.endpoint.path, declaredAccess(e.endpoint)))
        .toList();
  }

  /** See {@link #routes}. */
  record RouteAccess(String method, String path, Access access) {}

  private static final Set<HandlerType> ROUTE_METHODS =
      Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  private static Access declaredAccess(Endpoint endpoint) {
    Roles roles = endpoint.metadata(Roles.class);
    if (roles != null) {
      for (RouteRole role : roles.getRoles()) {
        if (role instanceof Access a) {
          return a;
        }
      }
    }
    return Access.ADMIN;
  }

  /** The reaper this coordinator runs in the background; tests run it at a moment of their choosing. */
  /**
   * Wakes every worker long-polling this coordinator so it tries to claim again. For submits this
   * coordinator did not see: another coordinator's, announced by the store.
   */
  public void wakeIdleWorkers() {
    wakeups.work().signal();
  }

  /**
   * Makes the schedule loop look for due schedules now, instead of at the tick it computed last.
   * Only needed when the clock jumps (tests move theirs); schedules changed through this coordinator
   * wake it themselves, and changes through another one are seen within a minute.
   */
  public void fireDueSchedules() {
    schedules.wake();
  }

  LeaseReaper reaper() {
    return reaper;
  }

  /** The worker presence check; tests run it after moving the clock. */
  WorkerPresence presence() {
    return presence;
  }

  /** The cluster snapshot behind gauges and alerts; tests refresh it at a moment of their choosing. */
  ClusterSnapshots snapshots() {
    return snapshots;
  }

  /** The alert deliveries; tests see how many are in flight. */
  AlertDispatcher alerts() {
    return alerts;
  }

  /**
   * Stops serving: long polls answer empty, streams end, the background loops stop, alerts not yet
   * delivered are dropped. The store is not closed;
   * whoever opened it owns it. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    wakeups.close();
    loops.forEach(Periodic::close);
    schedules.close();
    app.stop();
    alerts.close();
    metrics.close();
    log.info("relayq coordinator on {} stopped", url);
  }

  private static URI url(String scheme, String bind, int port) {
    String host = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    return URI.create(scheme + "://" + host + ":" + port);
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
