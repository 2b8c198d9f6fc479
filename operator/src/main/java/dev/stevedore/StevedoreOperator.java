package dev.stevedore;

import dev.stevedore.config.OperatorSettings;
import dev.stevedore.observability.HealthServer;
import dev.stevedore.observability.ServiceMetrics;
import dev.stevedore.reconcile.cluster.EcsClusterReconciler;
import dev.stevedore.reconcile.service.EcsServiceReconciler;
import dev.stevedore.reconcile.taskdefinition.TaskDefinitionReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator: java -jar stevedore-operator.jar runs it against the current kubeconfig. */
public final class StevedoreOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StevedoreOperator.class);

  private final Operator operator;
  private final HealthServer health;

  public StevedoreOperator(KubernetesClient client, OperatorSettings settings, Clock clock) throws java.io.IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          .withConcurrentReconciliationThreads(settings.reconcileThreads());
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(
            new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, settings.leaseNamespace()));
      }
    });
    register(operator, new TaskDefinitionReconciler(settings, clock), settings);
    register(operator, new EcsServiceReconciler(settings, clock).withMetrics(new ServiceMetrics(registry)), settings);
    register(operator, new EcsClusterReconciler(settings, clock), settings);
    health = new HealthServer(settings.httpPort(),
        () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
        () -> operator.getRuntimeInfo().isStarted(), registry);
  }

  private static void register(Operator operator, io.javaoperatorsdk.operator.api.reconciler.Reconciler<?> reconciler,
      OperatorSettings settings) {
    operator.register(reconciler, o -> {
      if (!settings.watchNamespaces().isEmpty()) {
        o.settingNamespaces(settings.watchNamespaces());
      }
      o.withReconciliationMaxInterval(settings.resyncPeriod());
    });
  }

  public StevedoreOperator start() {
    health.start();
    operator.start();
    LOG.info("Stevedore operator started; health and metrics on port {}", health.port());
    return this;
  }

  public Operator operator() {
    return operator;
  }

  @Override
  public void close() {
    operator.stop();
    health.close();
  }

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment();
    KubernetesClient client = new KubernetesClientBuilder().build();
    StevedoreOperator stevedore = new StevedoreOperator(client, settings, Clock.systemUTC()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      stevedore.close();
      client.close();
    }, "stevedore-shutdown"));
  }
}
