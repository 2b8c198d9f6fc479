package dev.stevedore;

import dev.stevedore.config.OperatorSettings;
import dev.stevedore.ecsapi.EcsApiServer;
import dev.stevedore.ecsapi.EcsApiSettings;
import dev.stevedore.observability.ApiRequestCounter;
import dev.stevedore.observability.HealthServer;
import dev.stevedore.observability.Logging;
import dev.stevedore.observability.ServiceMetrics;
import dev.stevedore.reconcile.LeanStore;
import dev.stevedore.reconcile.SharedStrings;
import dev.stevedore.reconcile.cluster.EcsClusterReconciler;
import dev.stevedore.reconcile.service.EcsServiceReconciler;
import dev.stevedore.reconcile.task.EcsTaskReconciler;
import dev.stevedore.reconcile.taskdefinition.TaskDefinitionReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator: java -jar stevedore-operator.jar runs it against the current kubeconfig. */
public final class StevedoreOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StevedoreOperator.class);

  private final Operator operator;
  private final HealthServer health;
  /** The ECS-compatible endpoint's settings, and the endpoint once started (when they turn it on). */
  private final EcsApiSettings ecsApiSettings;
  private volatile EcsApiServer ecsApi;
  private final PrometheusMeterRegistry registry;
  private final KubernetesClient client;
  private final Clock clock;
  private final String region;
  private final String account;
  private final String leaseNamespace;
  /** Who this process is in the Lease; null without leader election. */
  private final String leaseIdentity;
  private volatile boolean stopping;
  private volatile Runnable leaseLost = () -> Runtime.getRuntime().halt(1);

  public StevedoreOperator(KubernetesClient client, OperatorSettings settings, Clock clock) throws java.io.IOException {
    this(client, settings, EcsApiSettings.from(java.util.Map.of(), settings), clock);
  }

  public StevedoreOperator(KubernetesClient client, OperatorSettings settings, EcsApiSettings ecsApiSettings,
      Clock clock) throws java.io.IOException {
    // Before the first HTTP server of the JVM (health and metrics) is made: the ECS endpoint's latency needs it.
    EcsApiServer.noDelay();
    this.client = client;
    this.clock = clock;
    this.leaseNamespace = settings.leaseNamespace();
    this.leaseIdentity = settings.leaderElection() ? newLeaseIdentity() : null;
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LeaderElectionConfiguration leaderElection = settings.leaderElection() ? leaderElection() : null;
    operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          .withConcurrentReconciliationThreads(settings.reconcileThreads());
      if (leaderElection != null) {
        o.withLeaderElectionConfiguration(leaderElection);
      }
    });
    register(operator, new TaskDefinitionReconciler(settings, clock), settings);
    register(operator, new EcsServiceReconciler(settings, clock).withMetrics(new ServiceMetrics(registry), registry), settings);
    register(operator, new EcsClusterReconciler(settings, clock), settings);
    register(operator, new EcsTaskReconciler(settings, clock), settings);
    this.ecsApiSettings = ecsApiSettings;
    this.region = settings.region();
    this.account = settings.account();
    health = new HealthServer(settings.httpPort(),
        () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
        () -> operator.getRuntimeInfo().isStarted(), registry);
  }

  /**
   * JOSDK's leader election with two of its defaults replaced.
   *
   * <p>The identity: JOSDK takes the bare HOSTNAME, so two processes with one host name (pods with hostNetwork on
   * one node, two operators started from one shell or container) both find "their" name in the Lease and both lead.
   * Here it is the host name plus a random suffix, as client-go's controllers do.
   *
   * <p>Stopping: with exitOnStopLeading JOSDK calls System.exit when the election ends, also when it ends because
   * the operator is being stopped; from the shutdown hook that SIGTERM runs, System.exit blocks forever, so a
   * leader asked to stop hung until SIGKILL. Here a stop that was asked for just stops; losing the Lease while
   * running (renewals failed for the renew deadline) still ends the process at once, before another replica
   * starts writing.
   */
  private LeaderElectionConfiguration leaderElection() {
    LeaderCallbacks callbacks = new LeaderCallbacks(
        () -> LOG.info("leading: this process holds Lease {}/{} as {}", leaseNamespace, OperatorSettings.LEASE_NAME,
            leaseIdentity),
        this::stoppedLeading,
        leader -> { });
    return new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, leaseNamespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, leaseIdentity, callbacks, false);
  }

  private static String newLeaseIdentity() {
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "stevedore" : host.trim()) + "_" + UUID.randomUUID();
  }

  private void stoppedLeading() {
    if (stopping) {
      LOG.info("stopped leading: the operator is stopping");
      return;
    }
    // Called with the elector's lock held: System.exit would run the shutdown hook, which waits for that lock.
    LOG.error("lost Lease {}/{} (identity {}): stopping at once, so that only the new leader writes", leaseNamespace,
        OperatorSettings.LEASE_NAME, leaseIdentity);
    leaseLost.run();
  }

  /**
   * What to do when the Lease is lost while running (renewals failed for the renew deadline). By default the JVM
   * halts with status 1 and the pod restarts; a test that embeds the operator can record the loss instead.
   */
  public StevedoreOperator onLeaseLost(Runnable action) {
    this.leaseLost = action;
    return this;
  }

  /**
   * After the operator stopped, hands the Lease back if this process still holds it, so that a standby takes over at
   * its next try (2 s) instead of when the Lease expires (15 s); JOSDK 5.2 does not release it. The update carries
   * the resourceVersion read, so it fails (409) rather than clear a Lease someone else holds by then.
   */
  private void releaseLease() {
    if (leaseIdentity == null) {
      return;
    }
    try {
      Lease lease = client.leases().inNamespace(leaseNamespace).withName(OperatorSettings.LEASE_NAME).get();
      if (lease == null || lease.getSpec() == null || !leaseIdentity.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      client.resource(lease).update();
      LOG.info("released Lease {}/{}", leaseNamespace, OperatorSettings.LEASE_NAME);
    } catch (KubernetesClientException e) {
      LOG.warn("could not release Lease {}/{}: {}", leaseNamespace, OperatorSettings.LEASE_NAME, e.getMessage());
    }
  }

  private static <R extends HasMetadata> void register(Operator operator,
      io.javaoperatorsdk.operator.api.reconciler.Reconciler<R> reconciler, OperatorSettings settings) {
    operator.register(reconciler, o -> {
      if (!settings.watchNamespaces().isEmpty()) {
        o.settingNamespaces(settings.watchNamespaces());
      }
      ItemStore<R> store = LeanStore.forNamespaces(settings.watchNamespaces().isEmpty()
          ? Constants.WATCH_ALL_NAMESPACE_SET : settings.watchNamespaces(), object -> { });
      if (store != null) {
        o.withItemStore(store);
      }
      o.withReconciliationMaxInterval(settings.resyncPeriod());
    });
  }

  public StevedoreOperator start() {
    health.start();
    operator.start();
    if (ecsApiSettings.enabled()) {
      try {
        ecsApi = new EcsApiServer(client, ecsApiSettings, region, account, clock, registry).start();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot serve the ECS endpoint on port " + ecsApiSettings.port(), e);
      }
    }
    LOG.info("Stevedore operator started; health and metrics on port {}", health.port());
    if (leaseIdentity != null) {
      LOG.info("leader election: competing for Lease {}/{} as {}", leaseNamespace, OperatorSettings.LEASE_NAME,
          leaseIdentity);
    }
    return this;
  }

  /** The operator's metrics, as /metrics serves them. */
  public PrometheusMeterRegistry metrics() {
    return registry;
  }

  public Operator operator() {
    return operator;
  }

  /** This process's identity in the leader-election Lease, when leader election is on. */
  public Optional<String> leaseIdentity() {
    return Optional.ofNullable(leaseIdentity);
  }

  @Override
  public void close() {
    stopping = true;
    try {
      operator.stop();
      releaseLease();
    } finally {
      if (ecsApi != null) {
        ecsApi.close();
      }
      health.close();
    }
  }

  /** The ECS endpoint's port, when it is on. */
  public Optional<Integer> ecsApiPort() {
    return Optional.ofNullable(ecsApi).map(EcsApiServer::port);
  }

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment();
    if (settings.jsonLogs()) {
      Logging.useJson();
    }
    ApiRequestCounter requests = new ApiRequestCounter();
    KubernetesClient client = new KubernetesClientBuilder()
        .withKubernetesSerialization(SharedStrings.serialization())
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(ApiRequestCounter.NAME, requests))
        .build();
    StevedoreOperator stevedore = new StevedoreOperator(client, settings,
        EcsApiSettings.from(System.getenv(), settings), Clock.systemUTC());
    requests.bindTo(stevedore.metrics());
    stevedore.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      stevedore.close();
      client.close();
    }, "stevedore-shutdown"));
  }
}
