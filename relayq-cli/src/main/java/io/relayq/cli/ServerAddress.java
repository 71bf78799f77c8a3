package io.relayq.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The coordinator URLs a command talks to, and where that choice came from, so errors can say which
 * setting to fix. Chosen from {@code --server}, else {@code RELAYQ_SERVER}, else {@code server:} in
 * the config file, else {@link #DEFAULT}. Each may list several coordinators over one database,
 * comma-separated ({@code --server} may also be repeated, {@code server:} may be a YAML list);
 * clients and workers fail over between them.
 *
 * @param uris the coordinators, in the order given; never empty
 * @param source how the user set it: {@code --server}, {@code RELAYQ_SERVER}, the config file, or
 *     {@code default}
 */
public record ServerAddress(List<URI> uris, String source) {
  public static final String DEFAULT = "http://127.0.0.1:8750";
  public static final String ENV = "RELAYQ_SERVER";

  public ServerAddress {
    uris = List.copyOf(uris);
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("no coordinator URL");
    }
  }

  public ServerAddress(URI uri, String source) {
    this(List.of(uri), source);
  }

  /** Picks the URLs by precedence; throws a usage {@link CliException} when one is malformed. */
  public static ServerAddress resolve(String flag, Map<String, String> env, CliConfig config, String configFile) {
    String value;
    String source;
    if (flag != null) {
      value = flag;
      source = "--server";
    } else if (env.get(ENV) != null && !env.get(ENV).isBlank()) {
      value = env.get(ENV);
      source = ENV;
    } else if (config.server() != null) {
      value = config.server();
      source = "server: in " + configFile;
    } else {
      value = DEFAULT;
      source = "default";
    }
    try {
      return new ServerAddress(parseList(value), source);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(source + ": " + e.getMessage());
    }
  }

  /**
   * Parses a comma-separated list of coordinator URLs (each as {@link #parse}). Throws
   * {@link IllegalArgumentException} for an empty entry or a URL listed twice.
   */
  public static List<URI> parseList(String text) {
    List<URI> uris = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("'" + text + "' has an empty entry; separate coordinator URLs with single"
            + " commas, like http://a:8750,http://b:8750");
      }
      URI uri = parse(part);
      if (uris.contains(uri)) {
        throw new IllegalArgumentException("'" + text + "' lists " + uri + " twice; list each coordinator once");
      }
      uris.add(uri);
    }
    return uris;
  }

  /** The first coordinator listed. */
  public URI uri() {
    return uris.get(0);
  }

  /**
   * Parses an http(s) URL with a host; a trailing slash is dropped. Throws
   * {@link IllegalArgumentException} with an example of a valid URL.
   */
  public static URI parse(String text) {
    String example = " (write it like http://127.0.0.1:8750)";
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL" + example);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL" + example);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + text + "' has no host" + example);
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("'" + text + "' must not have a query or fragment" + example);
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }

  /** Whether the user left the URL at the default, so hints need not repeat {@code --server}. */
  public boolean isDefault() {
    return source.equals("default");
  }

  /** The coordinators comma-separated, as they can be given back to {@code --server}. */
  @Override
  public String toString() {
    return String.join(",", uris.stream().map(URI::toString).toList());
  }
}
