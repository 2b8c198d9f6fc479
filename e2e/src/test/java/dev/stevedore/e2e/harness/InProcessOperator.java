package dev.stevedore.e2e.harness;

import dev.stevedore.StevedoreOperator;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.ecsapi.EcsApiSettings;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.RegisteredController;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real operator ({@link StevedoreOperator}, as {@code java -jar} runs it) inside the test JVM, registered as a
 * JUnit extension: it installs the committed CRDs and starts with its own client, a free port for /metrics and the
 * given resync period. Watching only the test's namespace keeps its counters and events to that test, and keeps an
 * operator of another run on the same cluster out of the way. Two lifetimes:
 *
 * <ul>
 *   <li>{@link #forTheClass}: one operator for the class's tests, which run one after another; it follows each
 *       test's namespace (JOSDK's namespace change) and offers its reconcile counters.
 *   <li>{@link #forEachTest}: an operator per test, watching that test's namespace from its start, for a class
 *       whose tests run concurrently. One operator following several namespaces that come and go at once through
 *       namespace changes went wrong in a trial: a DAEMON service counted 18 nodes of 6, and services stopped
 *       being reconciled; an operator started with its namespaces, as in production, is what these tests are
 *       about.
 * </ul>
 *
 * <pre>{@code @RegisterExtension static final InProcessOperator operator = InProcessOperator.forTheClass(RESYNC);}</pre>
 */
public final class InProcessOperator
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessOperator.class);
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(InProcessOperator.class);
  /** Watched by the class's operator while no test runs: a namespace no test creates. */
  static final String IDLE_NAMESPACE = "stevedore-e2e-idle";
  public static final String ACCOUNT = "123456789012";

  private final Duration resyncPeriod;
  private final boolean perTest;
  /** Whether each per-test operator also serves the ECS endpoint for its namespace (keys in that namespace). */
  private final boolean ecsApi;
  /** Whether the ECS endpoint also serves the web console at /console/. */
  private final boolean console;
  /** The per-test operators running now, by the namespace each watches. */
  private final Map<String, Running> perTestByNamespace = new ConcurrentHashMap<>();
  private Running shared;

  private InProcessOperator(Duration resyncPeriod, boolean perTest, boolean ecsApi, boolean console) {
    this.resyncPeriod = resyncPeriod;
    this.perTest = perTest;
    this.ecsApi = ecsApi;
    this.console = console;
  }

  private InProcessOperator(Duration resyncPeriod, boolean perTest, boolean ecsApi) {
    this(resyncPeriod, perTest, ecsApi, false);
  }

  /** The same operators, whose ECS endpoint also serves the web console (STEVEDORE_CONSOLE) at /console/. */
  public InProcessOperator withConsole() {
    if (!ecsApi) {
      throw new IllegalStateException("the console is served by the ECS endpoint: use forEachTestWithEcsApi");
    }
    return new InProcessOperator(resyncPeriod, perTest, true, true);
  }

  /**
   * An operator of its own for each test that also serves the ECS endpoint for the test's namespace, with SigV4
   * keys read from the Secret {@link #ECS_API_KEYS} in that namespace.
   */
  public static InProcessOperator forEachTestWithEcsApi(Duration resyncPeriod) {
    return new InProcessOperator(resyncPeriod, true, true);
  }

  /** The Secret holding the ECS endpoint's access keys, in the test's namespace. */
  public static final String ECS_API_KEYS = "stevedore-ecs-api-keys";

  /** The ECS endpoint of the per-test operator watching {@code namespace}. */
  public java.net.URI ecsApiEndpoint(String namespace) {
    Running running = perTestByNamespace.get(namespace);
    if (running == null || running.operator().ecsApiPort().isEmpty()) {
      throw new IllegalStateException("no per-test operator serves the ECS endpoint for " + namespace);
    }
    return java.net.URI.create("http://127.0.0.1:" + running.operator().ecsApiPort().get());
  }

  /** One operator for the class, following the running test's namespace; resyncs every {@code resyncPeriod}. */
  public static InProcessOperator forTheClass(Duration resyncPeriod) {
    return new InProcessOperator(resyncPeriod, false, false);
  }

  /** An operator of its own for each test, for tests that run concurrently; resyncs every {@code resyncPeriod}. */
  public static InProcessOperator forEachTest(Duration resyncPeriod) {
    return new InProcessOperator(resyncPeriod, true, false);
  }

  /** The STEVEDORE_* environment of an operator that watches one namespace, as a pod's would be. */
  public static Map<String, String> environment(String namespace, int httpPort, Duration resyncPeriod) {
    return Map.of(
        "STEVEDORE_WATCH_NAMESPACES", namespace,
        "STEVEDORE_HTTP_PORT", Integer.toString(httpPort),
        "STEVEDORE_RESYNC_SECONDS", Long.toString(resyncPeriod.toSeconds()),
        "STEVEDORE_AWS_REGION", "us-east-1",
        "STEVEDORE_AWS_ACCOUNT", ACCOUNT);
  }

  /** A port nothing listens on, for an operator's /metrics. */
  public static int freePort() {
    return OperatorHttp.freePort();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!perTest) {
      shared = Running.start(ClusterExtension.cluster(context), IDLE_NAMESPACE, resyncPeriod, false, false);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    String namespace = ClusterExtension.namespace(context).name();
    if (perTest) {
      Running running = Running.start(ClusterExtension.cluster(context), namespace, resyncPeriod, ecsApi,
          console);
      context.getStore(STORE).put(Running.class, running);
      perTestByNamespace.put(namespace, running);
    } else {
      shared.watch(namespace);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      Running running = context.getStore(STORE).remove(Running.class, Running.class);
      perTestByNamespace.values().remove(running);
      if (running != null) {
        running.close();
      }
    } else {
      shared.watch(IDLE_NAMESPACE);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (shared != null) {
      shared.close();
    }
  }

  public Duration resyncPeriod() {
    return resyncPeriod;
  }

  /** Reconciles started so far, summed over the controllers of {@code kind} (EcsService, TaskDefinition, ...). */
  public double reconciliations(String kind) {
    return Metrics.sum(OperatorHttp.metrics(classOperator().httpPort), "operator_sdk_reconciliations_started_total",
        kind);
  }

  /** Objects the operator has written so far (applies, replaces and deletes: stevedore_writes_total). */
  public double writes() {
    return Metrics.sum(OperatorHttp.metrics(classOperator().httpPort), "stevedore_writes_total", null);
  }

  /** Objects written so far by the per-test operator that watches {@code namespace} (stevedore_writes_total). */
  public double writes(String namespace) {
    Running running = perTestByNamespace.get(namespace);
    if (running == null) {
      throw new IllegalStateException("no per-test operator watches " + namespace);
    }
    return Metrics.sum(OperatorHttp.metrics(running.httpPort), "stevedore_writes_total", null);
  }

  /** The kinds the operator reconciles, as its metrics name them. */
  public List<String> reconciledKinds() {
    return classOperator().reconciledKinds();
  }

  /** The reconcile counters, as the operator exposes them, for messages. */
  public String reconcileCounters() {
    return OperatorHttp.metrics(classOperator().httpPort).lines()
        .filter(l -> l.startsWith("operator_sdk_reconciliations_")).collect(Collectors.joining("\n"));
  }

  private Running classOperator() {
    if (shared == null) {
      throw new IllegalStateException("reconcile counters are read from the operator of the class (forTheClass)");
    }
    return shared;
  }

  /** One started operator with its own client and /metrics port. */
  private record Running(KubernetesClient client, StevedoreOperator operator, int httpPort) {
    static Running start(KubernetesCluster cluster, String namespace, Duration resyncPeriod, boolean ecsApi,
        boolean console) {
      StevedoreCrds.install(cluster.client());
      Running running = null;
      // A port found free can be taken by someone else before the operator binds it (tests start operators side by
      // side, and the control plane's components bind too): another pair of ports then.
      for (int attempt = 1; running == null; attempt++) {
        try {
          running = tryStart(cluster, namespace, resyncPeriod, ecsApi, console);
        } catch (UncheckedIOException e) {
          if (!(e.getCause() instanceof java.net.BindException) || attempt == 5) {
            throw e;
          }
          LOG.info("operator for {}: a port was taken meanwhile ({}); trying others", namespace, e.getMessage());
        }
      }
      int port = running.httpPort();
      if (!running.reconciledKinds().contains(TaskDefinition.class.getSimpleName())) {
        running.close();
        throw new IllegalStateException("the operator registers no TaskDefinition reconciler: no revisions");
      }
      LOG.info("operator started in-process for {}: metrics on port {}, resync every {}", namespace, port,
          resyncPeriod);
      return running;
    }

    private static Running tryStart(KubernetesCluster cluster, String namespace, Duration resyncPeriod,
        boolean ecsApi, boolean console) {
      int port = OperatorHttp.freePort();
      KubernetesClient client = new KubernetesClientBuilder().withConfig(cluster.config()).build();
      try {
        OperatorSettings settings = OperatorSettings.from(environment(namespace, port, resyncPeriod));
        EcsApiSettings api = new EcsApiSettings(ecsApi ? OperatorHttp.freePort() : 0, namespace, false, ECS_API_KEYS,
            namespace, console);
        StevedoreOperator operator = new StevedoreOperator(client, settings, api, Clock.systemUTC());
        try {
          return new Running(client, operator.start(), port);
        } catch (RuntimeException e) {
          operator.close();
          throw e;
        }
      } catch (IOException e) {
        client.close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    }

    void watch(String namespace) {
      for (RegisteredController<?> controller : operator.operator().getRegisteredControllers()) {
        controller.changeNamespaces(Set.of(namespace));
      }
    }

    List<String> reconciledKinds() {
      return operator.operator().getRegisteredControllers().stream()
          .map(c -> ((RegisteredController<?>) c).getConfiguration().getResourceClass().getSimpleName())
          .sorted().toList();
    }

    void close() {
      try {
        operator.close();
      } finally {
        client.close();
      }
    }
  }
}
