package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final URI URL = URI.create("http://127.0.0.1:8750/api/v1/jobs");

  private static ApiErrorException error(int status, String body) {
    return HttpTransport.error(status, body.getBytes(StandardCharsets.UTF_8), URL);
  }

  @Test
  void anErrorBodyKeepsItsStatusCodeAndMessage() {
    ApiErrorException e = error(400, "{\"error\":{\"code\":\"invalid_field\",\"message\":\"timeout: -5s is not a duration\"}}");

    assertThat(e).isInstanceOf(BadRequestException.class);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("invalid_field");
    assertThat(e.getMessage()).isEqualTo("timeout: -5s is not a duration");
  }

  @Test
  void eachStatusMapsToItsExceptionType() {
    String body = "{\"error\":{\"code\":\"c\",\"message\":\"m\"}}";
    assertThat(error(404, body)).isInstanceOf(NotFoundException.class);
    assertThat(error(409, body)).isInstanceOf(ConflictException.class);
    assertThat(error(413, body)).isInstanceOf(BadRequestException.class);
    assertThat(error(415, body)).isInstanceOf(BadRequestException.class);
    assertThat(error(503, body)).isInstanceOf(ServerUnavailableException.class);
    assertThat(error(500, body)).isExactlyInstanceOf(ApiErrorException.class);
  }

  @Test
  void conflictsTellWhichConflictTheyAre() {
    ConflictException stale = (ConflictException) error(409, "{\"error\":{\"code\":\"stale_lease\",\"message\":\"m\"}}");
    ConflictException key = (ConflictException) error(409, "{\"error\":{\"code\":\"key_conflict\",\"message\":\"m\"}}");

    assertThat(stale.isStaleLease()).isTrue();
    assertThat(stale.isKeyConflict()).isFalse();
    assertThat(key.isKeyConflict()).isTrue();
    assertThat(key.isStaleLease()).isFalse();
  }

  @Test
  void aReplyThatIsNotRelayqsErrorShapeIsDescribedFromItsBody() {
    ApiErrorException e = error(502, "<html>Bad Gateway</html>");

    assertThat(e).isInstanceOf(ServerUnavailableException.class);
    assertThat(e.code()).isEqualTo("http_502");
    assertThat(e.getMessage()).isEqualTo("HTTP 502 from " + URL + ": <html>Bad Gateway</html>");
  }

  @Test
  void pathSegmentsArePercentEncoded() {
    assertThat(HttpTransport.encode("a b/c?d&é")).isEqualTo("a%20b%2Fc%3Fd%26%C3%A9");
    assertThat(HttpTransport.encode("j_0q3c5m8x2kd4h7rt")).isEqualTo("j_0q3c5m8x2kd4h7rt");
  }

  @Test
  void aServerUrlMustBeHttpWithAHost() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RelayqClient.connect(URI.create("ftp://x:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with http:// or https://");
  }
}
