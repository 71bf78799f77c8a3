package io.relayq.clients.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relayq.coordinator.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python client's own test suite ({@code clients/python/tests}) with the machine's
 * {@code python3} against a real coordinator and worker, so {@code mvn verify} covers the Python
 * client too; a second cluster serves HTTPS with a certificate of a throwaway CA for its TLS tests.
 * Skipped, with a message, where there is no {@code python3}.
 */
class PythonClientIT {
  private static final String WORKER = "py-worker";
  private static final long PYTHON_TIMEOUT_SECONDS = 300;

  @TempDir
  Path dir;

  @Test
  void thePythonClientTestsPassAgainstARealCoordinatorAndWorker() throws Exception {
    assumeTrue(python3Version() != null, "python3 is not on the PATH: the Python client's tests are skipped;"
        + " install Python 3.8 or newer to run them");
    Path repo = Path.of(System.getProperty("relayq.repo", "..")).toAbsolutePath().normalize();
    Path python = repo.resolve("clients/python");
    assertThat(python.resolve("tests")).as("the Python client's tests in the repository").isDirectory();
    Path home = Files.createDirectories(dir.resolve("home"));

    TestCertificates pki = TestCertificates.newCa(dir.resolve("pki"));
    try (LiveCluster cluster = LiveCluster.start(dir, WORKER, List.of("mac", "has:ffmpeg"));
        LiveCluster tls = LiveCluster.start(Files.createDirectories(dir.resolve("tls")), "py-tls-worker",
            List.of("tls"), pki)) {
      ProcessBuilder pb = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "clients/python/tests", "-v")
          .directory(repo.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("python.log").toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(name -> name.startsWith("RELAYQ_"));
      env.put("HOME", home.toString());
      env.put("RELAYQ_CONFIG", Files.writeString(home.resolve("config.yml"), "# no settings\n").toString());
      env.put("RELAYQ_SERVER", cluster.url().toString());
      env.put("RELAYQ_TEST_SERVER", cluster.url().toString());
      env.put("RELAYQ_TEST_WORKER", WORKER);
      env.put("RELAYQ_TEST_TOKEN", cluster.submitToken());
      env.put("RELAYQ_TEST_TLS_SERVER", tls.url().toString());
      env.put("RELAYQ_TEST_TLS_TOKEN", tls.submitToken());
      env.put("RELAYQ_TEST_CA_FILE", pki.caFile().toString());
      env.put("PYTHONPATH", python.toString());
      // the tests import the package from the source tree: leave no __pycache__ behind in it
      env.put("PYTHONDONTWRITEBYTECODE", "1");
      Process p = pb.start();
      boolean ended = p.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!ended) {
        p.destroyForcibly().waitFor();
      }
      String output = Files.readString(dir.resolve("python.log"), StandardCharsets.UTF_8);
      System.out.println(python3Version() + ", clients/python/tests:\n" + output);

      assertThat(ended).as("python3 ended within %d s; its output:%n%s", PYTHON_TIMEOUT_SECONDS, output).isTrue();
      assertThat(p.exitValue()).as("exit code of the Python tests; their output:%n%s", output).isZero();
      assertThat(output).as("no Python test may be skipped here: the cluster is up").doesNotContain("skipped");
      assertThat(output).containsPattern("Ran [1-9][0-9]* tests");
    }
  }

  /** Like {@code Python 3.11.7}, or null when there is no python3 to run. */
  private static String python3Version() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    }
  }
}
