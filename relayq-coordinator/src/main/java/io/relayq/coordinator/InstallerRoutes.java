package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The coordinator's self-installer for new worker machines:
 *
 * <ul>
 *   <li>{@code GET /install.sh}: the installer script ({@code deploy/install.sh}, packaged into the
 *       relayq jar) with this coordinator's URL filled in, so that
 *       {@code curl -fsSL http://COORD:8750/install.sh | sh -s -- --token T} needs no other address;
 *   <li>{@code GET /download/relayq.jar}: the relayq jar this coordinator runs;
 *   <li>{@code GET /download/relayq.jar.sha256}: its SHA-256, in {@code sha256sum} format.
 * </ul>
 *
 * <p>The URL in the script is the one the client used (its {@code Host} header, and
 * {@code X-Forwarded-Proto} behind a TLS proxy), since that is an address the new machine can
 * reach; a missing or malformed {@code Host} falls back to the coordinator's own URL. None of
 * these routes needs a token: the script and the jar are not secret, and the token is given to the
 * script by whoever runs it.
 *
 * <p>When the coordinator does not run from the relayq jar (from class directories in a build or
 * a test) and no jar path is configured, the downloads answer 404 with that reason; so does
 * {@code /install.sh} when the script is not on the class path.
 */
public final class InstallerRoutes {
  /** Where the script template is on the class path. */
  public static final String SCRIPT_RESOURCE = "/io/relayq/deploy/install.sh";
  /** The text in the template that the coordinator's URL replaces. */
  static final String URL_PLACEHOLDER = "@RELAYQ_URL@";
  /** The class whose jar is the relayq jar. */
  static final String MAIN_CLASS = "io.relayq.cli.Main";

  private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

  private final String template;
  private final Path jar;
  private final String missingJar;
  private final Supplier<URI> coordinatorUrl;
  private Checksum checksum;

  private record Checksum(long size, FileTime modified, String hex) {}

  private InstallerRoutes(String template, Path jar, String missingJar, Supplier<URI> coordinatorUrl) {
    this.template = template;
    this.jar = jar;
    this.missingJar = missingJar;
    this.coordinatorUrl = Objects.requireNonNull(coordinatorUrl, "coordinatorUrl");
  }

  /**
   * The installer for this process: serves {@code configuredJar} when given, else the jar that
   * {@code io.relayq.cli.Main} was loaded from, and the script template from the class path.
   *
   * @param configuredJar a relayq jar to serve, or null to find the running one
   * @param coordinatorUrl this coordinator's own URL, for requests without a usable {@code Host}
   */
  public static InstallerRoutes locate(Path configuredJar, Supplier<URI> coordinatorUrl) {
    String template = loadTemplate();
    if (configuredJar != null) {
      return Files.isRegularFile(configuredJar)
          ? new InstallerRoutes(template, configuredJar.toAbsolutePath(), null, coordinatorUrl)
          : new InstallerRoutes(template, null, "the configured relayq jar " + configuredJar + " does not exist",
              coordinatorUrl);
    }
    Optional<Path> running = runningJar();
    return running.isPresent()
        ? new InstallerRoutes(template, running.get(), null, coordinatorUrl)
        : new InstallerRoutes(template, null, "this coordinator does not run from the relayq jar (it runs from"
            + " class directories), so there is no jar to hand out: start it with java -jar relayq.jar server",
            coordinatorUrl);
  }

  /** Adds the three routes. */
  public void register(RoutesConfig routes) {
    routes.get("/install.sh", this::serveScript, Access.OPEN);
    routes.get("/download/relayq.jar", this::serveJar, Access.OPEN);
    routes.get("/download/relayq.jar.sha256", this::serveChecksum, Access.OPEN);
  }

  /**
   * The installer script for a coordinator at {@code base}.
   *
   * @throws IllegalStateException when the template is not on the class path
   */
  public String script(URI base) {
    if (template == null) {
      throw new IllegalStateException("the installer script " + SCRIPT_RESOURCE + " is not on this coordinator's class"
          + " path: it is packaged into the relayq jar, start the coordinator from that jar");
    }
    String url = base.toString();
    if (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return template.replace(URL_PLACEHOLDER, url);
  }

  /** The jar handed out, or empty when there is none (the reason is in the 404s). */
  public Optional<Path> jar() {
    return Optional.ofNullable(jar);
  }

  /**
   * The jar's checksum line, {@code HEX  relayq.jar}, computed again whenever the file's size or
   * modification time changed (an upgrade in place).
   *
   * @throws IOException when the jar cannot be read
   * @throws IllegalStateException when there is no jar
   */
  public synchronized String checksumLine() throws IOException {
    Path j = jar().orElseThrow(() -> new IllegalStateException(missingJar));
    long size = Files.size(j);
    FileTime modified = Files.getLastModifiedTime(j);
    if (checksum == null || checksum.size() != size || !checksum.modified().equals(modified)) {
      checksum = new Checksum(size, modified, sha256(j));
    }
    return checksum.hex() + "  relayq.jar\n";
  }

  /**
   * The base URL a client reached us at: {@code scheme://host} from the request, when the host is a
   * plain host name or address with an optional port; else {@code fallback}. Only those characters
   * get into the script, so a crafted {@code Host} header cannot inject shell code.
   */
  public static URI baseUrl(String scheme, String forwardedProto, String host, URI fallback) {
    String s = "https".equalsIgnoreCase(forwardedProto) || "http".equalsIgnoreCase(forwardedProto)
        ? forwardedProto.toLowerCase(Locale.ROOT) : scheme;
    if (host == null || !HOST.matcher(host).matches() || !("http".equals(s) || "https".equals(s))) {
      return fallback;
    }
    try {
      return new URI(s + "://" + host);
    } catch (URISyntaxException e) {
      return fallback;
    }
  }

  private void serveScript(Context ctx) {
    if (template == null) {
      throw ApiException.notFound("the installer script is not packaged with this coordinator: it comes with the relayq"
          + " jar (start the coordinator with java -jar relayq.jar server)");
    }
    URI base = baseUrl(ctx.scheme(), ctx.header("X-Forwarded-Proto"), ctx.host(), coordinatorUrl.get());
    ctx.contentType("text/x-shellscript; charset=utf-8");
    ctx.header("Cache-Control", "no-cache");
    ctx.result(script(base));
  }

  private void serveJar(Context ctx) throws IOException {
    Path j = requireJar();
    ctx.contentType("application/java-archive");
    ctx.header("Content-Disposition", "attachment; filename=\"relayq.jar\"");
    ctx.header("Content-Length", Long.toString(Files.size(j)));
    ctx.result(Files.newInputStream(j));
  }

  private void serveChecksum(Context ctx) throws IOException {
    requireJar();
    ctx.contentType("text/plain; charset=utf-8");
    ctx.header("Cache-Control", "no-cache");
    ctx.result(checksumLine());
  }

  private Path requireJar() {
    if (jar == null) {
      throw ApiException.notFound(missingJar);
    }
    if (!Files.isRegularFile(jar)) {
      throw ApiException.notFound("the relayq jar " + jar + " is gone (replaced or removed while the coordinator runs):"
          + " restart the coordinator");
    }
    return jar;
  }

  private static String loadTemplate() {
    try (InputStream in = InstallerRoutes.class.getResourceAsStream(SCRIPT_RESOURCE)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<Path> runningJar() {
    try {
      CodeSource source = Class.forName(MAIN_CLASS, false, InstallerRoutes.class.getClassLoader())
          .getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return Optional.empty();
      }
      Path p = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
    } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
