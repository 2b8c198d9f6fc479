package dev.stevedore.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleHandlerTest {
  private final ConsoleHandler handler = new ConsoleHandler();
  private HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/console", handler);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void theRootIsIndexHtmlAndEachFileHasItsContentType() {
    assertThat(handler.resolve("/console/")).get().satisfies(a -> {
      assertThat(a.contentType()).isEqualTo("text/html; charset=utf-8");
      assertThat(new String(a.body(), StandardCharsets.UTF_8)).contains("<script type=\"module\" src=\"js/main.js\">");
    });
    assertThat(handler.resolve("/console/index.html")).get().extracting(ConsoleHandler.Asset::contentType)
        .isEqualTo("text/html; charset=utf-8");
    assertThat(handler.resolve("/console/console.css")).get().extracting(ConsoleHandler.Asset::contentType)
        .isEqualTo("text/css; charset=utf-8");
    // ES modules must be served with a JavaScript type, or the browser refuses to run them.
    assertThat(handler.resolve("/console/js/main.js")).get().extracting(ConsoleHandler.Asset::contentType)
        .isEqualTo("text/javascript; charset=utf-8");
    assertThat(handler.resolve("/console/js/pages/service.js")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/console/../logback.xml", "/console/js/../../logback.xml", "/console/..%2flogback.xml",
      "/console/%2e%2e/logback.xml", "/console/js/..\\..\\logback.xml", "/console//logback.xml",
      "/console/./index.html", "/console/.index.html", "/console/../dev/stevedore/console/ConsoleHandler.class",
      "/console/logback.xml", "/console/js/main.js.map", "/console/js/", "/consolex/index.html", "/index.html",
      "/console/index.html%00.js", "/console/../../../../../../etc/passwd"})
  void namesOutsideTheConsoleOrNotPlainAreRefused(String path) {
    // logback.xml is on the same classpath: were a dot segment followed, it would be found.
    assertThat(getClass().getClassLoader().getResource("logback.xml")).isNotNull();
    assertThat(handler.resolve(path)).isEmpty();
  }

  @Test
  void aDotSegmentSentAsIsOverTheWireIsNotFound() throws IOException {
    // Raw bytes, so that no client library normalises the path before it reaches the server.
    String answer = raw("GET /console/../logback.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 404").doesNotContain("<configuration");
    assertThat(raw("GET /console/js/%2e%2e/%2e%2e/logback.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 404");
  }

  @Test
  void filesAreRevalidatedWithAnEtagAndServedWithAStrictPolicy() throws Exception {
    HttpResponse<String> first = get("/console/js/api.js", null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(first.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(first.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
        .contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"));
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(get("/console/js/api.js", etag).statusCode()).isEqualTo(304);
    assertThat(get("/console/js/api.js", "\"other\"").statusCode()).isEqualTo(200);
    assertThat(get("/console/js/dom.js", null).headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
  }

  @Test
  void onlyGetAndHeadAndTheBarePathRedirects() throws Exception {
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/console/index.html"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> bare = get("/console", null);
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
    assertThat(get("/console/nothing-here.js", null).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
