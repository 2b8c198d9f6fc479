package dev.stevedore.reconcile.cluster;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsClusterStatus;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Labels;
import dev.stevedore.reconcile.KubernetesEvents;
import dev.stevedore.reconcile.LeanStore;
import dev.stevedore.reconcile.SiblingsEventSource;
import dev.stevedore.reconcile.StatusPatch;
import dev.stevedore.status.ClusterInstances;
import dev.stevedore.status.ClusterNameConflict;
import dev.stevedore.status.ClusterStatusCalculator;
import dev.stevedore.status.ClusterStatusCalculator.Observation;
import dev.stevedore.status.ClusterStatusCalculator.Provider;
import dev.stevedore.status.StatusComparison;
import dev.stevedore.translate.CapacityPlacement;
import dev.stevedore.translate.CapacityProviders;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Reports an EcsCluster in DescribeClusters' shape: its services, their tasks and the nodes its capacity providers
 * reach. What a provider means for a service's pods is decided where the service is translated
 * ({@link CapacityProviders}); this reconciler only counts, with {@link ClusterInstances} and
 * {@link ClusterStatusCalculator}, and writes the status when it changed.
 *
 * <p>It adds no finalizer: deleting a cluster from Kubernetes always succeeds, whatever still uses it (ECS's
 * ClusterContainsServicesException would deadlock GitOps pruning). Its services keep running, report Stalled with
 * ClusterNotFoundException, and heal when a cluster of that name is applied again.
 *
 * <p>A cluster's counts move with every task of every service in it: at most one look a second per cluster, so that
 * a thousand services starting at once cost a status write a second, not one per task (ECS's own counts are
 * eventually consistent too).
 */
@ControllerConfiguration(name = EcsClusterReconciler.NAME)
@RateLimited(maxReconciliations = 1, within = 1, unit = TimeUnit.SECONDS)
public class EcsClusterReconciler implements Reconciler<EcsCluster> {
  public static final String NAME = "ecscluster";
  static final String PODS_INDEX = "by-cluster";
  static final String WARNING_EVENT = "CapacityProviderWarning";
  private static final String CLUSTER_PODS = Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE + "," + Labels.CLUSTER;

  private final OperatorSettings settings;
  private final Clock clock;
  private InformerEventSource<EcsService, EcsCluster> services;
  private InformerEventSource<Pod, EcsCluster> pods;
  private InformerEventSource<Node, EcsCluster> nodes;

  public EcsClusterReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, EcsCluster>> prepareEventSources(EventSourceContext<EcsCluster> context) {
    // A service that appears, goes or names another cluster changes the counts of the clusters of its namespace
    // (the one it left included); other service changes do not.
    services = new InformerEventSource<>(InformerEventSourceConfiguration.from(EcsService.class, EcsCluster.class)
        .withName("services")
        .withItemStore(LeanStore.forController(context, ClusterMembership::keepMembershipOnly))
        .withSecondaryToPrimaryMapper(s -> clustersOf(context, s.getMetadata().getNamespace()))
        .withOnUpdateFilter((now, before) -> ClusterMembership.changed(before, now))
        .build(), context);
    pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, EcsCluster.class)
        .withName("pods")
        .withLabelSelector(CLUSTER_PODS)
        .withItemStore(LeanStore.forController(context, ClusterMembership::keepTaskStateOnly))
        .withSecondaryToPrimaryMapper(p -> context.getPrimaryCache()
            .list(p.getMetadata().getNamespace(), c -> ClusterMembership.labelValue(c)
                .equals(p.getMetadata().getLabels().get(Labels.CLUSTER)))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withOnUpdateFilter((now, before) -> ClusterMembership.taskStateChanged(before, now))
        .build(), context);
    pods.addIndexer(PODS_INDEX, p -> List.of(podIndexKey(p.getMetadata().getNamespace(),
        p.getMetadata().getLabels().get(Labels.CLUSTER))));
    // Nodes matter through their labels and taints only: heartbeats and resource usage are filtered out.
    nodes = new InformerEventSource<>(InformerEventSourceConfiguration.from(Node.class, EcsCluster.class)
        .withName("nodes")
        .withWatchAllNamespaces()
        .withItemStore(LeanStore.forClusterScoped())
        .withSecondaryToPrimaryMapper(n -> context.getPrimaryCache().list()
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withOnUpdateFilter((now, before) -> ClusterMembership.placementChanged(before, now))
        .build(), context);
    return List.of(services, pods, nodes, new SiblingsEventSource<EcsCluster>("cluster-name-siblings",
        EcsCluster::clusterName, c -> context.getPrimaryCache().list(c.getMetadata().getNamespace())
            .filter(sibling -> EcsCluster.clusterName(c).equals(EcsCluster.clusterName(sibling)))));
  }

  @Override
  public UpdateControl<EcsCluster> reconcile(EcsCluster cluster, Context<EcsCluster> context) {
    Optional<EcsCluster> holder = ClusterNameConflict.holder(cluster,
        context.getPrimaryCache().list(cluster.getMetadata().getNamespace()).toList());
    if (holder.isPresent()) {
      return nameTaken(cluster, holder.get(), context);
    }
    Observation observation = observe(cluster);
    EcsClusterStatus previous = cluster.getStatus();
    EcsClusterStatus status = ClusterStatusCalculator.compute(observation, previous, clock);
    if (StatusComparison.unchanged(previous, status)) {
      return UpdateControl.noUpdate();
    }
    List<String> warnings = ClusterStatusCalculator.newWarnings(observation, previous);
    // Patch and cache: the next reconcile must start from this status, or it would warn again.
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(cluster, StatusPatch.of(cluster, status, EcsCluster::new), context);
    KubernetesEvents events = new KubernetesEvents(context.getClient(), clock);
    warnings.forEach(w -> events.warning(cluster, WARNING_EVENT, w));
    return UpdateControl.noUpdate();
  }

  /** A younger EcsCluster with the name of an older one: Stalled, with one Event when it becomes so. */
  private UpdateControl<EcsCluster> nameTaken(EcsCluster cluster, EcsCluster holder, Context<EcsCluster> context) {
    long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
    EcsClusterStatus previous = cluster.getStatus();
    EcsClusterStatus status = ClusterNameConflict.stalled(generation, previous, ClusterMembership.nameOf(cluster),
        holder, clock);
    if (StatusComparison.unchanged(previous, status)) {
      return UpdateControl.noUpdate();
    }
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(cluster, StatusPatch.of(cluster, status, EcsCluster::new), context);
    if (ClusterNameConflict.newlyStalled(previous, status)) {
      new KubernetesEvents(context.getClient(), clock).warning(cluster, ClusterNameConflict.REASON,
          ClusterNameConflict.message(ClusterMembership.nameOf(cluster), holder));
    }
    return UpdateControl.noUpdate();
  }

  @Override
  public ErrorStatusUpdateControl<EcsCluster> updateErrorStatus(EcsCluster cluster, Context<EcsCluster> context,
      Exception error) {
    long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
    EcsClusterStatus status = ClusterStatusCalculator.failed(generation, cluster.getStatus(),
        String.valueOf(error.getMessage()), clock);
    return StatusComparison.unchanged(cluster.getStatus(), status) ? ErrorStatusUpdateControl.noStatusUpdate()
        : ErrorStatusUpdateControl.patchStatus(StatusPatch.of(cluster, status, EcsCluster::new));
  }

  private Observation observe(EcsCluster cluster) {
    String namespace = cluster.getMetadata().getNamespace();
    String name = ClusterMembership.nameOf(cluster);
    EcsClusterSpec spec = cluster.getSpec();
    int activeServices = (int) services.list(namespace, s -> ClusterMembership.isActiveMemberOf(s, name)).count();
    ClusterInstances.Tasks tasks = ClusterInstances.tasks(
        pods.byIndex(PODS_INDEX, podIndexKey(namespace, ClusterMembership.labelValue(cluster))));
    List<Node> allNodes = nodes.list().toList();
    List<CapacityPlacement> placements = new ArrayList<>();
    List<Provider> providers = new ArrayList<>();
    for (String provider : CapacityProviders.of(spec)) {
      CapacityPlacement placement = CapacityProviders.placement(provider, spec);
      placements.add(placement);
      providers.add(new Provider(provider, CapacityProviders.isDefined(provider, spec),
          ClusterInstances.instances(placement, allNodes)));
    }
    long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
    String arn = Arns.cluster(settings.region(), settings.account(), name);
    return new Observation(generation, arn, activeServices, tasks, ClusterInstances.instances(placements, allNodes),
        providers);
  }

  private static Set<ResourceID> clustersOf(EventSourceContext<EcsCluster> context, String namespace) {
    return context.getPrimaryCache().list(namespace).map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  private static String podIndexKey(String namespace, String clusterLabel) {
    return namespace + "/" + clusterLabel;
  }

}
