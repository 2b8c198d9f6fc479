package dev.stevedore.reconcile.service;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.naming.Arns;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.TaskDefinitionReference;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import dev.stevedore.translate.TargetGroupBindings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caches an EcsService is planned from, and the reading of one service's {@link ServiceWorld} out of them.
 * Everything Stevedore makes is watched through the managed-by label, so the caches grow with what Stevedore owns,
 * not with the cluster; a change to any of it wakes the services it belongs to.
 */
final class ServiceInformers {
  static final String MANAGED = Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE;
  /**
   * How long the API server's answer to "is TargetGroupBinding served?" is trusted: the AWS Load Balancer Controller
   * may be installed (or removed) while the operator runs, and is noticed within this long, without a restart.
   */
  static final Duration BINDINGS_RECHECK = Duration.ofSeconds(30);
  private static final String BINDINGS_SOURCE = "targetgroupbindings";
  private static final Logger LOG = LoggerFactory.getLogger(ServiceInformers.class);

  private InformerEventSource<Deployment, EcsService> deployments;
  private InformerEventSource<DaemonSet, EcsService> daemonSets;
  private InformerEventSource<ReplicaSet, EcsService> replicaSets;
  private InformerEventSource<Pod, EcsService> pods;
  private InformerEventSource<Service, EcsService> services;
  private InformerEventSource<ServiceAccount, EcsService> serviceAccounts;
  private InformerEventSource<ControllerRevision, EcsService> revisions;
  private InformerEventSource<EcsCluster, EcsService> clusters;
  private InformerEventSource<Node, EcsService> nodes;
  private InformerEventSource<EcsTask, EcsService> tasks;
  private InformerEventSource<HorizontalPodAutoscaler, EcsService> autoscalers;
  /** Registered while the cluster serves the kind; null otherwise. */
  private volatile InformerEventSource<GenericKubernetesResource, EcsService> bindings;
  private Instant bindingsAskedAt;

  List<EventSource<?, EcsService>> create(EventSourceContext<EcsService> context) {
    SecondaryToPrimaryMapper<HasMetadata> byServiceLabel = r -> {
      String service = label(r, Labels.SERVICE);
      return service == null ? Set.of() : Set.of(new ResourceID(service, r.getMetadata().getNamespace()));
    };
    deployments = managed(context, Deployment.class, byServiceLabel::toPrimaryResourceIDs);
    daemonSets = managed(context, DaemonSet.class, byServiceLabel::toPrimaryResourceIDs);
    replicaSets = managed(context, ReplicaSet.class, byServiceLabel::toPrimaryResourceIDs);
    pods = managed(context, Pod.class, byServiceLabel::toPrimaryResourceIDs);
    services = managed(context, Service.class, byServiceLabel::toPrimaryResourceIDs);
    serviceAccounts = managed(context, ServiceAccount.class,
        sa -> servicesOfFamily(context, sa.getMetadata().getNamespace(), label(sa, Labels.FAMILY)));
    revisions = managed(context, ControllerRevision.class,
        cr -> servicesOfFamily(context, cr.getMetadata().getNamespace(), FamilyRevisions.familyLabel(cr)));
    clusters = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(EcsCluster.class, EcsService.class).withName("clusters")
        .withSecondaryToPrimaryMapper(c -> context.getPrimaryCache()
            .list(c.getMetadata().getNamespace(), s -> EcsCluster.clusterName(c).equals(Arns.clusterName(s.getSpec().cluster)))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
    nodes = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(Node.class, EcsService.class).withName("nodes").withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper(n -> context.getPrimaryCache()
            .list(s -> "DAEMON".equals(s.getSpec().schedulingStrategy))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
    // A pre-deploy task's progress (its status) is what opens or fails the deployment it gates.
    tasks = new InformerEventSource<>(InformerEventSourceConfiguration.from(EcsTask.class, EcsService.class)
        .withName("predeploytasks")
        .withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(ServiceInformers::owningService)
        .build(), context);
    // The service's autoscaler: restored when someone else changes or deletes it.
    autoscalers = managed(context, HorizontalPodAutoscaler.class, ServiceInformers::owningService);
    return List.of(deployments, daemonSets, replicaSets, pods, services, serviceAccounts, revisions, clusters, nodes,
        tasks, autoscalers);
  }

  /**
   * What the planner reads of one service, from the caches; {@code context} to ask the API server whether it serves
   * TargetGroupBindings (now and then) and to start or stop watching them.
   */
  ServiceWorld observe(EcsService service, ServiceWorld.Environment environment, Instant now,
      Context<EcsService> context) {
    InformerEventSource<GenericKubernetesResource, EcsService> served = targetGroupBindings(context, now);
    String namespace = service.getMetadata().getNamespace();
    String uid = service.getMetadata().getUid();
    String name = service.getMetadata().getName();
    List<Deployment> ownDeployments = deployments.list(namespace, d -> ownedBy(d, uid)).toList();
    Set<String> deploymentNames = ownDeployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
    return new ServiceWorld(service,
        clusters.list(namespace).toList(),
        revisions.list(namespace).toList(),
        ownDeployments,
        daemonSets.list(namespace, d -> ownedBy(d, uid)).toList(),
        replicaSets.list(namespace, r -> r.getMetadata().getOwnerReferences() != null && r.getMetadata()
            .getOwnerReferences().stream().anyMatch(o -> "Deployment".equals(o.getKind())
                && deploymentNames.contains(o.getName()))).toList(),
        pods.list(namespace, p -> name.equals(label(p, Labels.SERVICE))).toList(),
        nodes.list().toList(),
        services.list(namespace, s -> ownedBy(s, uid)).toList(),
        serviceAccounts.list(namespace).toList(),
        tasks.list(namespace, t -> ownedBy(t, uid)).toList(),
        autoscalers.list(namespace, h -> ownedBy(h, uid)).toList(),
        served == null ? ServiceWorld.TargetGroupBindings.NOT_SERVED : new ServiceWorld.TargetGroupBindings(true,
            served.list(namespace, b -> ownedBy(b, uid)).toList()),
        environment, now);
  }

  /**
   * When to look at a service again to find out whether TargetGroupBindings have become served: while they are not,
   * and the service has a target group to register.
   */
  Optional<Duration> recheckForBindings(ServiceWorld world) {
    var loadBalancers = world.service().getSpec().loadBalancers;
    boolean wantsBindings = loadBalancers != null && loadBalancers.stream()
        .anyMatch(lb -> lb.targetGroupArn != null && !lb.targetGroupArn.isEmpty());
    return wantsBindings && !world.targetGroupBindings().served() ? Optional.of(BINDINGS_RECHECK) : Optional.empty();
  }

  /**
   * The TargetGroupBinding informer, registered when API discovery first lists the kind and removed when it no longer
   * does; null while the kind is not served. Discovery is open to every authenticated user, so this needs no RBAC
   * beyond the kind's own; it is asked at most once per {@link #BINDINGS_RECHECK}, unless the answer may be stale.
   */
  @SuppressWarnings("unchecked")
  private synchronized InformerEventSource<GenericKubernetesResource, EcsService> targetGroupBindings(
      Context<EcsService> context, Instant now) {
    // Asked again at once when the answer may have gone stale: the informer lost its watch (the CRD was removed),
    // or this is a retry after a failure, which a write to a kind that just stopped being served is.
    boolean stale = context.getRetryInfo().isPresent()
        || (bindings != null && bindings.getStatus() == Status.UNHEALTHY);
    if (!stale && bindingsAskedAt != null && now.isBefore(bindingsAskedAt.plus(BINDINGS_RECHECK))) {
      return bindings;
    }
    bindingsAskedAt = now;
    boolean served;
    try {
      served = context.getClient().supports(TargetGroupBindings.API_VERSION, TargetGroupBindings.KIND);
    } catch (KubernetesClientException e) {
      LOG.warn("Could not ask the API server whether it serves {}; asking again in {}", TargetGroupBindings.KIND,
          BINDINGS_RECHECK, e);
      return bindings;
    }
    var retriever = context.eventSourceRetriever();
    if (served && bindings == null) {
      InformerEventSource<GenericKubernetesResource, EcsService> informer = new InformerEventSource<>(
          InformerEventSourceConfiguration.from(new GroupVersionKind(TargetGroupBindings.GROUP,
                  TargetGroupBindings.VERSION, TargetGroupBindings.KIND), EcsService.class)
              .withName(BINDINGS_SOURCE)
              .withLabelSelector(MANAGED)
              .withSecondaryToPrimaryMapper(ServiceInformers::owningService)
              .build(), retriever.eventSourceContextForDynamicRegistration());
      try {
        bindings = (InformerEventSource<GenericKubernetesResource, EcsService>)
            retriever.dynamicallyRegisterEventSource(informer);
        LOG.info("The API server serves {}: load balancer target groups are registered with TargetGroupBindings",
            TargetGroupBindings.API_VERSION + " " + TargetGroupBindings.KIND);
      } catch (RuntimeException e) {
        // Most likely RBAC without the kind (a chart older than the operator): the services run on, their target
        // groups reported unregistered, and the next look tries again.
        LOG.error("The API server serves {} but watching it failed; target groups stay unregistered until it works",
            TargetGroupBindings.API_VERSION + " " + TargetGroupBindings.KIND, e);
        retriever.dynamicallyDeRegisterEventSource(BINDINGS_SOURCE);
      }
    } else if (!served && bindings != null) {
      retriever.dynamicallyDeRegisterEventSource(BINDINGS_SOURCE);
      bindings = null;
      LOG.info("The API server no longer serves {}: target groups are not registered",
          TargetGroupBindings.API_VERSION + " " + TargetGroupBindings.KIND);
    }
    return bindings;
  }

  private static <R extends HasMetadata> InformerEventSource<R, EcsService> managed(
      EventSourceContext<EcsService> context, Class<R> type, SecondaryToPrimaryMapper<R> mapper) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, EcsService.class)
        .withName(type.getSimpleName().toLowerCase())
        .withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(mapper)
        .build(), context);
  }

  /** Services of the namespace whose task definition is of {@code familyLabel} (all of them if null). */
  private static Set<ResourceID> servicesOfFamily(EventSourceContext<EcsService> context, String namespace,
      String familyLabel) {
    return context.getPrimaryCache().list(namespace, s -> familyLabel == null
            || TaskDefinitionReference.parse(s.getSpec().taskDefinition)
                .map(r -> Names.labelValue(r.family()).equals(familyLabel)).orElse(false))
        .map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  private static Set<ResourceID> owningService(HasMetadata r) {
    if (r.getMetadata().getOwnerReferences() == null) {
      return Set.of();
    }
    return r.getMetadata().getOwnerReferences().stream().filter(o -> "EcsService".equals(o.getKind()))
        .map(o -> new ResourceID(o.getName(), r.getMetadata().getNamespace())).collect(Collectors.toSet());
  }

  private static boolean ownedBy(HasMetadata r, String uid) {
    return r.getMetadata().getOwnerReferences() != null && r.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> uid.equals(o.getUid()));
  }

  private static String label(HasMetadata r, String key) {
    Map<String, String> labels = r.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
