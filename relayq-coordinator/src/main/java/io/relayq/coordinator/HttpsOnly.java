package io.relayq.coordinator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The first protocol of a TLS connector: TLS goes on to Jetty's TLS handling; anything else (a
 * client given {@code http://} for this port) gets one plain-text 400 in relayq's error shape that
 * says to use {@code https://}, and the connection closes. Without it such a client would only see
 * the connection drop, which reads like a crashed server. Nothing but that answer is ever sent
 * unencrypted.
 */
final class HttpsOnly extends DetectorConnectionFactory {
  static final String CODE = "https_required";
  private static final byte[] ANSWER = answer();

  HttpsOnly(SslConnectionFactory tls) {
    super(tls);
  }

  @Override
  protected void nextProtocol(Connector connector, EndPoint endPoint, ByteBuffer buffer) {
    endPoint.upgrade(new Refusal(endPoint, connector.getExecutor()));
  }

  private static byte[] answer() {
    String body = "{\"error\":{\"code\":\"" + CODE + "\",\"message\":\"this relayq coordinator serves HTTPS only:"
        + " use https:// instead of http:// in the server URL (same host and port)\"}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
        + "\r\nConnection: close\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the answer, half-closes, then reads and drops what the client still sends until it
   * closes: closing with unread bytes would reset the connection and could destroy the answer.
   */
  private static final class Refusal extends AbstractConnection implements Connection.UpgradeTo {
    private final ByteBuffer sink = BufferUtil.allocate(4096);

    Refusal(EndPoint endPoint, Executor executor) {
      super(endPoint, executor);
    }

    /** The bytes the detector read are the start of the plain request: dropped like the rest. */
    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
      BufferUtil.clear(buffer);
    }

    @Override
    public void onOpen() {
      super.onOpen();
      getEndPoint().write(Callback.from(this::answered, failure -> getEndPoint().close(failure)), ByteBuffer.wrap(ANSWER));
    }

    private void answered() {
      getEndPoint().shutdownOutput();
      fillInterested();
    }

    @Override
    public void onFillable() {
      try {
        while (true) {
          BufferUtil.clear(sink);
          int n = getEndPoint().fill(sink);
          if (n < 0) {
            getEndPoint().close();
            return;
          }
          if (n == 0) {
            fillInterested();
            return;
          }
        }
      } catch (java.io.IOException e) {
        getEndPoint().close(e);
      }
    }
  }
}
