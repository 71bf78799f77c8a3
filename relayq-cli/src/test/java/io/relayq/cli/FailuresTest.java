package io.relayq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.client.ApiErrorException;
import io.relayq.client.BadRequestException;
import io.relayq.client.ConflictException;
import io.relayq.client.NotFoundException;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.UnreachableException;
import io.relayq.core.InvalidJobException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FailuresTest {
  private static final ServerAddress DEFAULT = new ServerAddress(URI.create("http://127.0.0.1:8750"), "default");
  private static final ServerAddress FROM_ENV = new ServerAddress(URI.create("http://10.0.0.9:8750"), "RELAYQ_SERVER");

  private static Failures.Failure describe(Throwable e, ServerAddress server) {
    return Failures.describe(e, server, "./relayq");
  }

  @Test
  void anUnreachableDefaultServerSaysHowToStartIt() {
    var f = describe(new UnreachableException("http://127.0.0.1:8750", "connection refused", "ignored", null), DEFAULT);
    assertThat(f.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(f.message()).isEqualTo("cannot reach relayq at http://127.0.0.1:8750 (connection refused): "
        + "is it running? Start it with: ./relayq up");
  }

  @Test
  void anUnreachableConfiguredServerNamesTheSettingItCameFrom() {
    var f = describe(new UnreachableException("http://10.0.0.9:8750", "timed out", "ignored", null), FROM_ENV);
    assertThat(f.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(f.message()).contains("http://10.0.0.9:8750 (timed out)").contains("comes from RELAYQ_SERVER");
  }

  @Test
  void aServerThatCannotServeNowAlsoExits3() {
    var f = describe(new ServerUnavailableException(503, "store_unavailable", "disk full"), DEFAULT);
    assertThat(f.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(f.message()).contains("disk full").contains("nothing was changed");
  }

  @Test
  void apiErrorsMapToTheirExitCodes() {
    assertThat(describe(new NotFoundException("not_found", "no job j_x"), DEFAULT).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(describe(new BadRequestException(400, "invalid_field", "timeout: bad"), DEFAULT).exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(describe(new ConflictException("key_conflict", "key k is used"), DEFAULT).exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(describe(new ApiErrorException(401, "unauthorized", "no token"), DEFAULT).exitCode())
        .isEqualTo(ExitCodes.AUTH_REFUSED);
    assertThat(describe(new ApiErrorException(500, "internal", "bug"), DEFAULT).exitCode()).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void theServersOwnMessageReachesTheUser() {
    assertThat(describe(new NotFoundException("not_found", "no job j_0q3c5m8x2kd4h7rt"), DEFAULT).message())
        .isEqualTo("no job j_0q3c5m8x2kd4h7rt");
  }

  @Test
  void userErrorsKeepTheirCodeAndMessage() {
    assertThat(describe(CliException.usage("--limit: 0 must be 1 or more"), DEFAULT))
        .isEqualTo(new Failures.Failure(ExitCodes.USAGE, "--limit: 0 must be 1 or more"));
    assertThat(describe(new InvalidJobException("timeout", "too long"), DEFAULT).exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void anUnexpectedExceptionIsReportedAsABugWithExit1() {
    var f = describe(new NullPointerException("x"), DEFAULT);
    assertThat(f.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(f.message()).contains("this is a bug").contains("RELAYQ_DEBUG=1");
  }
}
