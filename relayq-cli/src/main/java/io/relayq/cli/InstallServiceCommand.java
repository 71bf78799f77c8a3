package io.relayq.cli;

import io.relayq.cli.service.Host;
import io.relayq.cli.service.JavaRuntime;
import io.relayq.cli.service.ServiceKind;
import io.relayq.cli.service.ServicePlan;
import io.relayq.cli.service.ServiceScope;
import io.relayq.cli.service.ServiceSpec;
import io.relayq.core.Durations;
import io.relayq.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code relayq install-service worker|server}: a systemd unit or launchd plist that keeps relayq running. */
@Command(
    name = "install-service",
    header = "Run a worker or the coordinator as a service that restarts itself.",
    description = {
      "Install relayq with this machine's service manager: a systemd unit on Linux",
      "(a system service as root, or --user), a launchd plist on macOS. It starts at",
      "boot, restarts 2 s after any exit, and systemd restarts it when it hangs too",
      "(watchdog). The jar is copied to ~/.relayq/lib/relayq.jar of the user it runs",
      "as; --server, --token, --name, --labels and --slots go into the config file",
      "~/.relayq/config.yml (mode 0600). Run it again to update and restart it.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class InstallServiceCommand implements Callable<Integer> {
  /** Where the jar a service runs is kept, below the home of the user it runs as. */
  static final Path INSTALLED_JAR = Path.of(".relayq", "lib", "relayq.jar");

  @ParentCommand
  private RelayqCommand root;

  @Parameters(index = "0", paramLabel = "worker|server", converter = ServiceKindConverter.class,
      description = "which relayq process to run as a service")
  private ServiceKind kind;

  @Option(names = "--server", paramLabel = "URL", converter = Converters.ServerUrlConverter.class,
      description = "worker: the coordinator to take jobs from (config server:)")
  private String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "worker: the token it sends (config token:)")
  private String token;

  @Option(names = "--name", paramLabel = "NAME", description = "worker: its name in the cluster (config worker.name:)")
  private String name;

  @Option(names = "--labels", paramLabel = "LABELS", split = ",", converter = Converters.LabelConverter.class,
      description = "worker: labels jobs can ask for, comma-separated (config worker.labels:)")
  private List<String> labels;

  @Option(names = "--slots", paramLabel = "N", description = "worker: jobs it runs at once (config worker.slots:)")
  private Integer slots;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "worker: on stop, how long running jobs may go on (default: 60s); the service may take 90s more to stop")
  private Duration drainTimeout;

  @Option(names = "--port", paramLabel = "PORT", description = "server: TCP port (default: 8750)")
  private Integer port;

  @Option(names = "--bind", paramLabel = "ADDR", description = "server: address to listen on (default: 127.0.0.1)")
  private String bind;

  @Option(names = "--data", paramLabel = "DIR", description = "server: data directory (default: ~/.relayq/data)")
  private Path data;

  @Option(names = "--user", description = "a service of your own user (systemctl --user, a LaunchAgent); no root needed")
  private boolean user;

  @Option(names = "--run-as", paramLabel = "USER",
      description = "system service: the user it and its jobs run as (default: $SUDO_USER, else root)")
  private String runAs;

  @Option(names = "--memory-max", paramLabel = "SIZE",
      description = "systemd: memory cap for relayq and all its jobs together, like 4G or 50%%")
  private String memoryMax;

  @Option(names = "--cpu-quota", paramLabel = "PCT",
      description = "systemd: CPU cap for relayq and all its jobs together, like 200%% (two CPUs)")
  private String cpuQuota;

  @Option(names = "--nice", paramLabel = "N", defaultValue = "0",
      description = "niceness of the service, -20..19; a worker's jobs add worker.nice on top (default: 0)")
  private int nice;

  @Option(names = "--java", paramLabel = "PATH", description = "the java the service runs (default: the one running this)")
  private Path java;

  @Option(names = "--jar", paramLabel = "PATH", description = "the relayq jar to install (default: the one running this)")
  private Path jar;

  @Option(names = "--dry-run", description = "print the service definition, the config and the steps; change nothing")
  private boolean dryRun;

  @Option(names = "--no-start", description = "write the files but do not (re)start the service")
  private boolean noStart;

  @Override
  public Integer call() {
    CliContext ctx = root.ctx();
    checkFlagsFitKind();
    ServiceTarget target = ServiceTarget.of(ctx);
    Host host = target.host();
    ServiceScope scope = user ? ServiceScope.USER : target.defaultScope();
    if (scope == ServiceScope.USER && runAs != null) {
      throw CliException.usage("--run-as is for system services, which are installed as root: run this with sudo"
          + (user ? " and without --user" : ""));
    }
    if (!dryRun && !user && !host.root() && host.os() == Host.Os.LINUX) {
      throw new CliException(ExitCodes.FAILED, "a system service needs root: run this with sudo (jobs then run as you,"
          + " or as --run-as USER), or add --user for a service of your own that needs no root");
    }
    String runUser = scope == ServiceScope.SYSTEM ? systemUser(ctx, host) : null;
    Path home = homeOf(host, scope, runUser);
    ServicePlan.Owner owner = runUser != null && !runUser.equals(host.userName())
        ? new ServicePlan.Owner(runUser, home) : null;
    ServiceSpec spec = spec(host, scope, runUser, home);
    Path file = target.manager().definitionFile(kind, scope, home);
    String definition;
    try {
      definition = target.manager().render(spec);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }

    List<ServicePlan.Step> steps = new ArrayList<>();
    steps.add(new ServicePlan.CopyFile(sourceJar(), spec.jar(), owner));
    Optional<String> existingConfig = readIfExists(spec.configFile());
    ConfigEdit.Settings settings = new ConfigEdit.Settings(server, token, name, labels, slots);
    if (!settings.isEmpty()) {
      String config = ConfigEdit.apply(existingConfig.orElse(null), spec.configFile().toString(), settings);
      steps.add(new ServicePlan.WriteFile(spec.configFile(), config, true, owner));
    }
    steps.add(new ServicePlan.WriteFile(file, definition, false, null));
    if (!noStart) {
      steps.addAll(target.manager().activate(spec, file));
    }
    ServicePlan plan = new ServicePlan(steps);

    if (dryRun) {
      plan.print(ctx.out());
      ctx.out().println("# dry run: nothing was changed");
      return ExitCodes.OK;
    }
    if (!noStart) {
      target.manager().unavailable(scope).ifPresent(reason -> {
        throw new CliException(ExitCodes.FAILED, reason);
      });
    }
    plan.execute(ctx.out());
    if (!settings.isEmpty() && ConfigEdit.dropsComments(existingConfig.orElse(null))) {
      ctx.note("updated " + settings.keys() + " in " + spec.configFile() + "; its comments were not kept");
    }
    if (noStart) {
      ctx.out().println("installed, not started (--no-start). Start it with: " + String.join(" ",
          target.manager().activate(spec, file).stream().map(InstallServiceCommand::commandText).toList()));
    } else {
      ctx.out().println("relayq " + kind.command() + " runs as a " + target.manager().name() + " service"
          + (runUser == null ? "" : " as user " + runUser) + "; it restarts itself and starts at boot");
      target.manager().notesAfterInstall(spec).forEach(ctx.out()::println);
    }
    return ExitCodes.OK;
  }

  private void checkFlagsFitKind() {
    List<String> wrong = new ArrayList<>();
    if (kind == ServiceKind.SERVER) {
      addIf(wrong, server != null, "--server");
      addIf(wrong, token != null, "--token");
      addIf(wrong, name != null, "--name");
      addIf(wrong, labels != null, "--labels");
      addIf(wrong, slots != null, "--slots");
      addIf(wrong, drainTimeout != null, "--drain-timeout");
    } else {
      addIf(wrong, port != null, "--port");
      addIf(wrong, bind != null, "--bind");
      addIf(wrong, data != null, "--data");
    }
    if (!wrong.isEmpty()) {
      String other = kind == ServiceKind.SERVER ? "worker" : "server";
      throw CliException.usage(String.join(", ", wrong) + (wrong.size() == 1 ? " is a " : " are ") + other
          + " setting" + (wrong.size() == 1 ? "" : "s") + ": leave " + (wrong.size() == 1 ? "it" : "them")
          + " out of install-service " + kind.command());
    }
    if (slots != null && (slots < 1 || slots > WorkerConfig.MAX_SLOTS)) {
      throw CliException.usage("--slots " + slots + " is out of range 1.." + WorkerConfig.MAX_SLOTS);
    }
  }

  private static void addIf(List<String> list, boolean condition, String flag) {
    if (condition) {
      list.add(flag);
    }
  }

  /** The user a system service runs as: --run-as, else who called sudo, else the caller. */
  private String systemUser(CliContext ctx, Host host) {
    if (runAs != null) {
      return runAs;
    }
    String sudoUser = ctx.env().get("SUDO_USER");
    if (sudoUser != null && !sudoUser.isBlank() && !sudoUser.equals("root")) {
      return sudoUser;
    }
    if (host.userName().equals("root")) {
      ctx.note("the service and its jobs run as root; to run them as another user, add --run-as USER");
    }
    return host.userName();
  }

  private static Path homeOf(Host host, ServiceScope scope, String runUser) {
    if (scope == ServiceScope.USER) {
      return host.home();
    }
    try {
      return host.homeOf(runUser);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private ServiceSpec spec(Host host, ServiceScope scope, String runUser, Path home) {
    Path javaPath = java != null ? java.toAbsolutePath() : JavaRuntime.currentJava();
    List<String> args = new ArrayList<>(List.of(kind.command()));
    Duration stopTimeout;
    if (kind == ServiceKind.WORKER) {
      Duration drain = drainTimeout != null ? drainTimeout : WorkerConfig.DEFAULT_DRAIN_TIMEOUT;
      args.addAll(List.of("--drain-timeout", Durations.format(drain)));
      stopTimeout = drain.plus(ServiceKind.WORKER_STOP_MARGIN);
    } else {
      if (port != null) {
        args.addAll(List.of("--port", port.toString()));
      }
      if (bind != null) {
        args.addAll(List.of("--bind", bind));
      }
      if (data != null) {
        args.addAll(List.of("--data", data.toAbsolutePath().toString()));
      }
      stopTimeout = ServiceKind.SERVER_STOP_TIMEOUT;
    }
    try {
      return new ServiceSpec(kind, scope, javaPath, JavaRuntime.feature(javaPath), home.resolve(INSTALLED_JAR), args,
          runUser, home, nice, memoryMax, cpuQuota, stopTimeout, host.path());
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private Path sourceJar() {
    if (jar != null) {
      if (!Files.isRegularFile(jar)) {
        throw CliException.usage("--jar " + jar + " is not a file");
      }
      return jar.toAbsolutePath();
    }
    return JavaRuntime.runningJar().orElseThrow(() -> new CliException(ExitCodes.FAILED, "install-service copies the"
        + " relayq jar it runs from, and this relayq runs from class directories: run it from the jar (./relayq or"
        + " java -jar relayq.jar), or name the jar with --jar PATH"));
  }

  private static Optional<String> readIfExists(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage()
          + " (run this as its owner, or with sudo)");
    }
  }

  private static String commandText(ServicePlan.Step step) {
    return step instanceof ServicePlan.RunCommand r ? String.join(" ", r.argv()) + ";" : "";
  }
}
