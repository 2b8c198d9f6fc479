package dev.stevedore.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the web console's static files (HTML, CSS, JavaScript modules) from the classpath folder {@code console/}
 * under {@link #PATH}. The console is a client of the ECS endpoint on the same port, so it needs no handler of its
 * own beyond this one. Only names made of letters, digits, {@code -} and {@code _} segments with a known extension
 * are looked up: a dot segment, an encoded character or a backslash can never reach the class loader.
 */
public final class ConsoleHandler implements HttpHandler {
  public static final String PATH = "/console/";
  private static final String ROOT = "console/";
  private static final Pattern NAME = Pattern.compile("(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\\.([a-z]+)");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon");
  /** Same origin only; no inline script or style, so an injected string can never run. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final ClassLoader loader;
  /** The files never change in a running operator: read each once. */
  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  public ConsoleHandler() {
    this(ConsoleHandler.class.getClassLoader());
  }

  ConsoleHandler(ClassLoader loader) {
    this.loader = loader;
  }

  /** A file to serve: its bytes, content type and entity tag. */
  record Asset(byte[] body, String contentType, String etag) {}

  /**
   * The asset a request path names, if it names one: {@code /console/} is index.html; anything that is not a plain
   * relative name with a known extension (dot segments, encoded or unusual characters) names nothing.
   */
  Optional<Asset> resolve(String rawPath) {
    if (rawPath == null || !rawPath.startsWith(PATH)) {
      return Optional.empty();
    }
    String name = rawPath.substring(PATH.length());
    if (name.isEmpty()) {
      name = "index.html";
    }
    var matcher = NAME.matcher(name);
    if (!matcher.matches() || !TYPES.containsKey(matcher.group(1))) {
      return Optional.empty();
    }
    String type = TYPES.get(matcher.group(1));
    return cache.computeIfAbsent(name, n -> load(n, type));
  }

  private Optional<Asset> load(String name, String type) {
    try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] body = in.readAllBytes();
      return Optional.of(new Asset(body, type, etag(body)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console's " + name, e);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      var headers = exchange.getResponseHeaders();
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Referrer-Policy", "no-referrer");
      if ("/console".equals(path)) {
        headers.set("Location", PATH);
        send(exchange, 301, "text/plain; charset=utf-8", "Moved to " + PATH);
        return;
      }
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        headers.set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "The console's files are read with GET.");
        return;
      }
      Optional<Asset> asset = resolve(path);
      if (asset.isEmpty()) {
        send(exchange, 404, "text/plain; charset=utf-8", "Not found.");
        return;
      }
      Asset a = asset.get();
      headers.set("Content-Type", a.contentType());
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      // The names carry no content hash, so the browser revalidates every time and gets a 304 when unchanged.
      headers.set("Cache-Control", "no-cache");
      headers.set("ETag", a.etag());
      String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
      if (a.etag().equals(ifNoneMatch)) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      if ("HEAD".equals(method)) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, a.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(a.body());
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
