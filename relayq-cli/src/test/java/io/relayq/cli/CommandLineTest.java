package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.core.JobSubmission;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Parsing and checking of arguments: everything here fails or succeeds before any network call. */
class CommandLineTest {
  @TempDir
  Path home;

  private CliRunner cli;

  @BeforeEach
  void isolateFromTheUsersSettings() {
    // an unused port: a test that reached the network by mistake fails with exit 3, not silently
    cli = new CliRunner(Map.of("HOME", home.toString(), "RELAYQ_SERVER", "http://127.0.0.1:9"));
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    CliRunner.Result r = cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("up", "worker", "run", "status", "logs", "cancel", "jobs", "workers")
        .contains("Exit codes:").contains("124 (timed out)");
  }

  @Test
  void helpFromThePartlyBuiltTreeIsTheHelpOfTheWholeTree() {
    CliContext ctx = new CliContext(new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(new ByteArrayOutputStream()), Map.of("HOME", home.toString()), StopSignal.manual());
    String whole = Main.commandLine(ctx).getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(cli.run("--help").out()).isEqualToIgnoringNewLines(whole);
  }

  @Test
  void everySubcommandRunsFromThePartlyBuiltTree() {
    for (Class<?> type : RelayqCommand.SUBCOMMANDS) {
      String name = type.getAnnotation(CommandLine.Command.class).name();
      CliRunner.Result r = cli.run(name, "--help");
      assertThat(r.exitCode()).as(name).isZero();
      assertThat(r.out()).as(name).contains("Usage: relayq " + name);
    }
  }

  @Test
  void noCommandShowsTheUsageAndExits2() {
    CliRunner.Result r = cli.run();
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Commands:");
  }

  @Test
  void aBadDurationIsAUsageErrorThatShowsAValidOne() {
    CliRunner.Result r = cli.run("run", "--timeout", "5x", "--", "echo", "hi");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'5x' is not a duration (write it like 30s, 10m, 5h or 1h30m)")
        .contains("Usage: relayq run").contains("relayq run --help");
  }

  @Test
  void aDurationOutOfRangeNamesTheFlag() {
    CliRunner.Result r = cli.run("run", "--timeout", "40d", "--", "true");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--timeout: 40d is out of range 1s..30d");
  }

  @Test
  void aBadLabelIsAUsageError() {
    CliRunner.Result r = cli.run("run", "--label", "has space", "--", "true");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("invalid label 'has space'");
  }

  @Test
  void aDelayAndAStartTimeTogetherAreAUsageError() {
    CliRunner.Result r = cli.run("run", "--in", "10m", "--at", "03:00", "--", "true");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("mutually exclusive");
  }

  @Test
  void runNeedsACommand() {
    CliRunner.Result r = cli.run("run", "--detach");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("COMMAND");
  }

  @Test
  void aMalformedJobIdIsAUsageError() {
    CliRunner.Result r = cli.run("status", "nope");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'nope' is not a job id");
  }

  @Test
  void anUnknownStateIsAUsageErrorListingTheValidOnes() {
    CliRunner.Result r = cli.run("jobs", "--state", "done");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("unknown job state 'done'").contains("succeeded");
  }

  @Test
  void aDatabasePoolOutOfRangeIsAUsageError() {
    CliRunner.Result r = cli.run("server", "--port", "0", "--db", "postgresql://relayq@127.0.0.1:1/relayq",
        "--db-pool", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--db-pool 0 is out of range 1..200");
  }

  @Test
  void aMalformedServerUrlIsAUsageError() {
    CliRunner.Result r = cli.run("workers", "--server", "localhost:8750");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("write it like http://127.0.0.1:8750");
  }

  @Test
  void anUnknownConfigKeyStopsEveryCommandWithExit2() throws IOException {
    Path config = home.resolve("relayq.yml");
    Files.writeString(config, "server: http://127.0.0.1:9\nwokrer:\n  slots: 2\n");
    CliRunner.Result r = cli.withEnv("RELAYQ_CONFIG", config.toString()).run("workers");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(config.toString()).contains("unknown key 'wokrer'");
  }

  @Test
  void theWordsAfterTheDoubleDashBecomeOneShellCommandKeepingTheirBoundaries() {
    JobSubmission s = parseRun("--on", "rpi4", "--label", "light", "--label", "arm", "--timeout", "90m",
        "--env", "A=1", "--key", "nightly", "--", "echo", "a b", "$HOME");
    assertThat(s.command()).isEqualTo("echo 'a b' '$HOME'");
    assertThat(s.argv()).isNull();
    assertThat(s.worker()).isEqualTo("rpi4");
    assertThat(s.labels()).containsExactly("light", "arm");
    assertThat(s.timeout()).isEqualTo("1h30m");
    assertThat(s.env()).containsEntry("A", "1");
    assertThat(s.key()).isEqualTo("nightly");
  }

  @Test
  void everythingFromTheFirstWordOfTheCommandOnBelongsToIt() {
    assertThat(parseRun("ls", "-la", "--detach").command()).isEqualTo("ls -la --detach");
  }

  @Test
  void aDelayIsSentAsADuration() {
    assertThat(parseRun("--in", "10m", "--", "true").delay()).isEqualTo("10m");
  }

  private JobSubmission parseRun(String... runArgs) {
    CliContext ctx = new CliContext(new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(new ByteArrayOutputStream()), Map.of("HOME", home.toString()), StopSignal.manual());
    CommandLine cl = Main.commandLine(ctx);
    String[] args = new String[runArgs.length + 1];
    args[0] = "run";
    System.arraycopy(runArgs, 0, args, 1, runArgs.length);
    List<CommandLine> parsed = cl.parseArgs(args).asCommandLineList();
    RunCommand run = parsed.get(parsed.size() - 1).getCommand();
    return run.submission();
  }
}
