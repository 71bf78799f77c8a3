package io.relayq.cli;

import io.relayq.client.RelayqClient;
import io.relayq.core.JobIds;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Base of the commands that talk to a coordinator: gives them {@code --server} and a client that
 * is closed when the command returns.
 */
abstract class ClientCommand implements Callable<Integer> {
  @ParentCommand
  private ContextHolder root;

  @Option(
      names = "--server",
      paramLabel = "URL",
      split = ",",
      converter = Converters.ServerUrlConverter.class,
      description = "coordinator URL; several (over one database) comma-separated or repeated, tried in turn when"
          + " one is down (default: $RELAYQ_SERVER, else server: in ~/.relayq/config.yml, else "
          + ServerAddress.DEFAULT + ")")
  private List<String> serverFlags;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "API token (default: $RELAYQ_TOKEN, else token: in ~/.relayq/config.yml, else for a server"
          + " on this machine ~/.relayq/token)")
  private String tokenFlag;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "for an https:// server: trust the CA certificates in this PEM file instead of the system's"
          + " (default: $RELAYQ_CA_FILE, else ca_file: in ~/.relayq/config.yml)")
  private Path caFileFlag;

  private RelayqClient client;

  /** The command's work; runs with {@link #client()} ready. */
  protected abstract int execute();

  @Override
  public final Integer call() {
    try {
      return execute();
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  protected CliContext ctx() {
    return root.ctx();
  }

  /** The address resolved from {@code --server}, {@code RELAYQ_SERVER}, the config, the default. */
  protected ServerAddress server() {
    return ctx().server(serverFlags == null ? null : String.join(",", serverFlags));
  }

  /** Checks a job id argument before anything is sent: a malformed one is a usage error. */
  protected static String jobId(String id) {
    try {
      return JobIds.check(id);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** The token sent to {@link #server()}, or null; see {@link CliContext#token(String, java.util.List)}. */
  protected String token() {
    return ctx().token(tokenFlag, server().uris());
  }

  /** How {@code https://} servers are verified; null for the system's trust store. */
  protected SSLContext tls() {
    return ctx().tls(caFileFlag);
  }

  /** A client of {@link #server()}, created on first use. */
  protected RelayqClient client() {
    if (client == null) {
      client = RelayqClient.builder(server().uris()).token(token()).sslContext(tls()).build();
    }
    return client;
  }
}
