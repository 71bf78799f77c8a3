package io.relayq.worker;

import io.relayq.core.OutputChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps every byte a job wrote, per stream. */
final class CollectingSink implements OutputSink {
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @Override
  public synchronized void write(OutputChannel stream, byte[] data, int offset, int length) {
    (stream == OutputChannel.STDOUT ? stdout : stderr).write(data, offset, length);
  }

  synchronized byte[] stdout() {
    return stdout.toByteArray();
  }

  synchronized byte[] stderr() {
    return stderr.toByteArray();
  }

  String stdoutText() {
    return new String(stdout(), StandardCharsets.UTF_8);
  }

  String stderrText() {
    return new String(stderr(), StandardCharsets.UTF_8);
  }
}
