package dev.stevedore.e2e.operator;

import dev.stevedore.StevedoreOperator;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.RegisteredController;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real operator ({@link StevedoreOperator}) running inside the test JVM against the test cluster, with its own
 * client, a free port for /metrics and a short resync period. It watches one namespace at a time (the current
 * test's), so the reconcile counters it reports belong to that test, and an operator another run starts on the
 * same cluster cannot disturb it.
 */
public final class InProcessOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessOperator.class);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Watched until a test names its namespace: one that no test creates. */
  static final String IDLE_NAMESPACE = "stevedore-e2e-idle";

  private final KubernetesClient client;
  private final StevedoreOperator operator;
  private final int httpPort;
  private final Duration resyncPeriod;

  private InProcessOperator(KubernetesClient client, StevedoreOperator operator, int httpPort, Duration resyncPeriod) {
    this.client = client;
    this.operator = operator;
    this.httpPort = httpPort;
    this.resyncPeriod = resyncPeriod;
  }

  /** Installs the CRDs and starts the operator. */
  public static InProcessOperator start(KubernetesCluster cluster, Duration resyncPeriod) {
    StevedoreCrds.install(cluster.client());
    int port = freePort();
    OperatorSettings settings = settings(IDLE_NAMESPACE, port, resyncPeriod);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(cluster.config()).build();
    try {
      StevedoreOperator operator = new StevedoreOperator(client, settings, Clock.systemUTC()).start();
      if (!registersRevisions(operator)) {
        operator.close();
        throw new IllegalStateException("the operator registers no TaskDefinition reconciler: no revisions, no services");
      }
      LOG.info("operator started in-process: metrics on port {}, resync every {}", port, resyncPeriod);
      return new InProcessOperator(client, operator, port, resyncPeriod);
    } catch (IOException e) {
      client.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The settings the operator reads from its environment, for one watched namespace. */
  static OperatorSettings settings(String namespace, int httpPort, Duration resyncPeriod) {
    Map<String, String> env = new HashMap<>(environment(namespace, httpPort, resyncPeriod));
    return OperatorSettings.from(env);
  }

  /** The STEVEDORE_* environment of an operator that watches one namespace. */
  public static Map<String, String> environment(String namespace, int httpPort, Duration resyncPeriod) {
    return Map.of(
        "STEVEDORE_WATCH_NAMESPACES", namespace,
        "STEVEDORE_HTTP_PORT", Integer.toString(httpPort),
        "STEVEDORE_RESYNC_SECONDS", Long.toString(resyncPeriod.toSeconds()),
        "STEVEDORE_AWS_REGION", "us-east-1",
        "STEVEDORE_AWS_ACCOUNT", "123456789012");
  }

  /** True when the operator runs the TaskDefinition reconciler (registers revisions) itself. */
  static boolean registersRevisions(StevedoreOperator operator) {
    return operator.operator().getRegisteredControllers().stream()
        .anyMatch(c -> ((RegisteredController<?>) c).getConfiguration().getResourceClass() == TaskDefinition.class);
  }

  /** Points every controller at the test's namespace (and away from the previous test's). */
  public void watch(String namespace) {
    for (RegisteredController<?> controller : operator.operator().getRegisteredControllers()) {
      controller.changeNamespaces(Set.of(namespace));
    }
  }

  public Duration resyncPeriod() {
    return resyncPeriod;
  }

  /** The operator's Prometheus text. */
  String metrics() {
    return scrape(httpPort);
  }

  /** Reconciles the operator started so far, summed over its controllers (or only those of {@code kind}). */
  double reconciliationsStarted(String kind) {
    return Metrics.sum(metrics(), "operator_sdk_reconciliations_started_total", kind);
  }

  /** The kinds the operator reconciles (EcsService, TaskDefinition, ...), as its metrics name them. */
  List<String> reconciledKinds() {
    return operator.operator().getRegisteredControllers().stream()
        .map(c -> ((RegisteredController<?>) c).getConfiguration().getResourceClass().getSimpleName())
        .sorted().toList();
  }

  /** The reconcile counters, as the operator exposes them, for messages. */
  String reconcileCounters() {
    return metrics().lines().filter(l -> l.startsWith("operator_sdk_reconciliations_"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      client.close();
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String scrape(int port) {
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
              .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scraping /metrics", e);
    }
  }
}
