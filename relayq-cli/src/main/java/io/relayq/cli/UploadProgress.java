package io.relayq.cli;

import java.util.function.LongConsumer;

/** Tells on stderr how far an upload got, every tenth of the file, so a long upload shows it is moving. */
final class UploadProgress implements LongConsumer {
  private final CliContext ctx;
  private final String name;
  private final long size;
  private int lastTenth;

  UploadProgress(CliContext ctx, String name, long size) {
    this.ctx = ctx;
    this.name = name;
    this.size = size;
  }

  @Override
  public void accept(long sent) {
    int tenth = (int) (sent * 10 / size);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      ctx.note("uploading " + name + ": " + tenth * 10 + "% (" + sent / (1024 * 1024) + " of " + size / (1024 * 1024)
          + " MiB)");
    }
  }
}
