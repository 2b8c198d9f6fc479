package dev.stevedore.e2e.placement;

import dev.stevedore.StevedoreOperator;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.RegisteredController;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The operator, as {@code java -jar} runs it, inside the test JVM: the committed CRDs installed, its own client, a
 * free port for /metrics, and one watched namespace at a time (the current test's), so its counts and events
 * belong to that test only.
 */
final class InProcessStevedore implements AutoCloseable {
  /** Watched until a test names its namespace: one no test creates. */
  static final String IDLE_NAMESPACE = "stevedore-e2e-placement-idle";
  static final String ACCOUNT = "123456789012";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final KubernetesClient client;
  private final StevedoreOperator operator;
  private final int httpPort;

  private InProcessStevedore(KubernetesClient client, StevedoreOperator operator, int httpPort) {
    this.client = client;
    this.operator = operator;
    this.httpPort = httpPort;
  }

  static InProcessStevedore start(KubernetesCluster cluster) {
    return start(cluster, Duration.ofSeconds(30));
  }

  /** Starts the operator; it reconciles every resource at least once per {@code resync}. */
  static InProcessStevedore start(KubernetesCluster cluster, Duration resync) {
    installCrds(cluster.client());
    int port = freePort();
    OperatorSettings settings = OperatorSettings.from(Map.of(
        "STEVEDORE_WATCH_NAMESPACES", IDLE_NAMESPACE,
        "STEVEDORE_HTTP_PORT", Integer.toString(port),
        "STEVEDORE_RESYNC_SECONDS", Long.toString(resync.toSeconds()),
        "STEVEDORE_AWS_REGION", "us-east-1",
        "STEVEDORE_AWS_ACCOUNT", ACCOUNT));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(cluster.config()).build();
    try {
      return new InProcessStevedore(client, new StevedoreOperator(client, settings, Clock.systemUTC()).start(), port);
    } catch (IOException e) {
      client.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Points every controller at the test's namespace. */
  void watch(String namespace) {
    for (RegisteredController<?> controller : operator.operator().getRegisteredControllers()) {
      controller.changeNamespaces(Set.of(namespace));
    }
  }

  /** Reconciliations the operator started so far of one kind (EcsService, EcsCluster, ...). */
  double reconciliations(String kind) {
    String metrics;
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + httpPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      metrics = response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("operator_sdk_reconciliations_started_total") && line.contains("\"" + kind + "\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      client.close();
    }
  }

  /** crds/*.yml with server-side apply, as a user installs them; waits until each is Established. */
  static void installCrds(KubernetesClient client) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(repositoryRoot().resolve("crds"))) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      CustomResourceDefinition crd;
      try (InputStream in = Files.newInputStream(file)) {
        crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      client.apiextensions().v1().customResourceDefinitions().resource(crd).fieldManager("stevedore-e2e")
          .forceConflicts().serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
                  .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
              60, TimeUnit.SECONDS);
    }
  }

  /** The repository: from -Dstevedore.repositoryRoot (failsafe sets it), else found above the working directory. */
  static Path repositoryRoot() {
    for (String start : new String[] {System.getProperty("stevedore.repositoryRoot"), System.getProperty("user.dir")}) {
      if (start == null || start.isBlank() || start.startsWith("${")) {
        continue;
      }
      for (Path dir = Path.of(start).toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
        if (Files.isDirectory(dir.resolve("crds")) && Files.isDirectory(dir.resolve("examples"))) {
          return dir;
        }
      }
    }
    throw new IllegalStateException("cannot find the repository root; set -Dstevedore.repositoryRoot");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
