package dev.stevedore.ecsapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stevedore.console.ConsoleHandler;
import dev.stevedore.ecsapi.auth.AccessKeys;
import dev.stevedore.ecsapi.auth.Caller;
import dev.stevedore.ecsapi.auth.KubernetesAccess;
import dev.stevedore.ecsapi.auth.SigV4Verifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECS-compatible endpoint: AWS JSON 1.1 ({@code POST /}, {@code X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Operation>}) on its own port, so that the AWS CLI and SDKs pointed at it with
 * an endpoint override work unchanged. Requests are SigV4-signed with keys from a Secret and run as the key's
 * Kubernetes user; errors are ECS's, as JSON with {@code __type}.
 */
public final class EcsApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EcsApiServer.class);
  static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  static {
    noDelay();
  }

  /**
   * The JDK's HTTP server writes a response's headers and body separately and leaves Nagle's algorithm on, so a
   * client that delays its ACKs waits about 40 ms for every answer (measured: 52 ms p50 for an in-memory
   * DescribeServices). TCP_NODELAY is a JVM-wide setting read once, when the first server is made: call this before.
   */
  public static void noDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final EcsStore store;
  private final KubernetesAccess access;
  private final EcsApi api;
  private final SigV4Verifier verifier;
  private final boolean insecureLocal;
  private final boolean console;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public EcsApiServer(KubernetesClient client, EcsApiSettings settings, String region, String account, Clock clock,
      MeterRegistry meters) throws IOException {
    this.clock = clock;
    this.meters = meters;
    this.insecureLocal = settings.insecureLocal();
    store = new EcsStore(client, settings.namespace());
    access = new KubernetesAccess(client, settings.namespace(), clock);
    api = new EcsApi(new ApiContext(store, access, region, account, clock, Duration.ofSeconds(30)));
    AccessKeys keys = new AccessKeys(client, settings.keysNamespace(), settings.keysSecret(), clock);
    verifier = new SigV4Verifier(keys::find);
    // Unsigned requests acting as the operator must never be reachable from elsewhere: loopback only.
    server = HttpServer.create(insecureLocal ? new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port())
        : new InetSocketAddress(settings.port()), 0);
    executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "stevedore-ecs-api");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
    console = settings.console();
    if (console) {
      // The console's files only: every action of the page is a request to "/" like any other client's.
      server.createContext("/console", new ConsoleHandler());
    }
    if (insecureLocal) {
      LOG.warn("ECS endpoint in insecure-local mode: requests are not authenticated and run as the operator;"
          + " for a local demo only");
    }
  }

  public EcsApiServer start() {
    server.start();
    LOG.info("ECS endpoint on port {}, serving namespace {}", port(), store.namespace());
    if (console) {
      LOG.info("Console at http://{}:{}{}", insecureLocal ? "127.0.0.1" : "<host>", port(), ConsoleHandler.PATH);
    }
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void exchange(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    String operation = "unknown";
    long start = System.nanoTime();
    String outcome = "ok";
    try (exchange) {
      if (console && "GET".equals(exchange.getRequestMethod()) && "/".equals(exchange.getRequestURI().getPath())) {
        // A person who opens the endpoint's address in a browser is looking for the console.
        exchange.getResponseHeaders().set("Location", ConsoleHandler.PATH);
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      try {
        byte[] body = read(exchange.getRequestBody());
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
          throw new EcsApiException("UnknownOperationException", "An ECS request is a POST to / with header"
              + " X-Amz-Target: " + TARGET_PREFIX + "<Operation>.");
        }
        operation = target.substring(TARGET_PREFIX.length());
        Caller caller = insecureLocal ? Caller.operator() : Caller.of(verifier.verify(
            new SigV4Verifier.SignedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body), clock.instant()));
        if (!api.supports(operation)) {
          throw new EcsApiException("UnknownOperationException", "Stevedore does not implement " + operation + ".");
        }
        ObjectNode response = api.handle(operation, parse(body), caller);
        send(exchange, 200, requestId, null, JSON.writeValueAsBytes(response));
      } catch (EcsApiException e) {
        outcome = e.type();
        ObjectNode error = Shapes.NODES.objectNode().put("__type", e.type()).put("message", e.getMessage());
        send(exchange, e.httpStatus(), requestId, e.type(), JSON.writeValueAsBytes(error));
      } catch (RuntimeException e) {
        outcome = "ServerException";
        LOG.error("ECS endpoint: {} failed (request {})", operation, requestId, e);
        ObjectNode error = Shapes.NODES.objectNode().put("__type", "ServerException")
            .put("message", "Stevedore failed to handle the request " + requestId + ": " + e);
        send(exchange, 500, requestId, "ServerException", JSON.writeValueAsBytes(error));
      }
    } finally {
      // Only operations Stevedore knows become tags: anyone can send any name, and every tag value is a new meter.
      timer(api.supports(operation) ? operation : "unknown", outcome)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String operation, String outcome) {
    // Looked up, not built, on the request path: a builder and its tags per request were a needless allocation.
    return timers.computeIfAbsent(operation + '/' + outcome, key -> Timer.builder("stevedore.ecs.api.requests")
        .tag("operation", operation).tag("outcome", outcome).publishPercentileHistogram().register(meters));
  }

  private static ObjectNode parse(byte[] body) {
    if (body.length == 0) {
      return Shapes.NODES.objectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new EcsApiException("SerializationException", "The request body is not valid JSON: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new EcsApiException("SerializationException", "The request body could not be read: " + e.getMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw new EcsApiException("SerializationException", "The request body must be a JSON object.");
    }
    return object;
  }

  private static byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new EcsApiException("SerializationException", "The request body is larger than 4 MiB.");
    }
    return body;
  }

  private static void send(HttpExchange exchange, int status, String requestId, String errorType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    if (errorType != null) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    store.close();
    access.close();
  }
}
