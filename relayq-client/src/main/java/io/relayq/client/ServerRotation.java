package io.relayq.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The coordinators a client may call (several behind one database), in the order given, and the
 * one it calls now. A call goes to the current one; when that one fails, {@link #failedOver} moves
 * everyone to the next in the list, round and round, and the client stays there while it answers:
 * coordinators over one database are equivalent, so there is no reason to go back. Thread-safe: many
 * calls failing on the same coordinator at once move the rotation one step, not one step each.
 */
final class ServerRotation {
  private final List<String> servers;
  private final AtomicInteger current = new AtomicInteger();

  private ServerRotation(List<String> servers) {
    this.servers = servers;
  }

  /**
   * The rotation over {@code servers}, starting with the first.
   *
   * @throws IllegalArgumentException when the list is empty, a URL is not an http(s) URL with a host,
   *     or one is listed twice
   */
  static ServerRotation of(List<URI> servers) {
    if (servers == null || servers.isEmpty()) {
      throw new IllegalArgumentException("no coordinator URL given; give at least one, like http://127.0.0.1:8750");
    }
    List<String> normalized = new ArrayList<>(servers.size());
    for (URI server : servers) {
      String s = normalize(server);
      if (normalized.contains(s)) {
        throw new IllegalArgumentException("coordinator URL " + s + " is listed twice; list each coordinator once");
      }
      normalized.add(s);
    }
    return new ServerRotation(List.copyOf(normalized));
  }

  /**
   * Reads a list of coordinator URLs as users write it: comma-separated ({@code
   * http://a:8750,http://b:8750}), optionally as a YAML flow list ({@code [http://a:8750,
   * http://b:8750]}).
   *
   * @throws IllegalArgumentException when an entry is empty or not a URL
   */
  static List<URI> parse(String text) {
    String s = text.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    List<URI> uris = new ArrayList<>();
    for (String part : s.split(",", -1)) {
      String p = part.strip();
      if (p.length() >= 2 && (p.startsWith("\"") && p.endsWith("\"") || p.startsWith("'") && p.endsWith("'"))) {
        p = p.substring(1, p.length() - 1).strip();
      }
      if (p.isEmpty()) {
        throw new IllegalArgumentException("'" + text + "' has an empty entry; separate coordinator URLs with single"
            + " commas, like http://a:8750,http://b:8750");
      }
      try {
        uris.add(new URI(p));
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("'" + p + "' is not a URL (write it like http://127.0.0.1:8750)", e);
      }
    }
    return uris;
  }

  /** An http(s) URL with a host, without a trailing slash. */
  static String normalize(URI server) {
    String scheme = server.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "server URL '" + server + "' must start with http:// or https://, like http://127.0.0.1:8750");
    }
    if (server.getHost() == null) {
      throw new IllegalArgumentException(
          "server URL '" + server + "' has no host; write it like http://127.0.0.1:8750");
    }
    String s = server.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** The coordinator calls go to now. */
  String current() {
    return servers.get(current.get());
  }

  /**
   * Notes that {@code failed} did not answer and returns the coordinator to call instead: the next
   * one after it, unless another call already moved on from it, then wherever that call went.
   */
  String failedOver(String failed) {
    int at = servers.indexOf(failed);
    if (at >= 0) {
      current.compareAndSet(at, (at + 1) % servers.size());
    }
    return current();
  }

  /** Which of the coordinators {@code uri} points into (the longest match); null when none. */
  String owner(String uri) {
    String owner = null;
    for (String s : servers) {
      boolean inside = uri.startsWith(s) && (uri.length() == s.length() || uri.charAt(s.length()) == '/'
          || uri.charAt(s.length()) == '?');
      if (inside && (owner == null || s.length() > owner.length())) {
        owner = s;
      }
    }
    return owner;
  }

  int size() {
    return servers.size();
  }

  /** Every coordinator, in the order given. */
  List<String> all() {
    return servers;
  }

  /** The list as a user wrote it: comma-separated. */
  @Override
  public String toString() {
    return String.join(",", servers);
  }
}
