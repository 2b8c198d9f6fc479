package dev.stevedore.reconcile.service;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.reconcile.LeanStore;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.TaskDefinitionReference;
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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caches an EcsService is planned from, and the reading of one service's {@link ServiceWorld} out of them.
 * Everything Stevedore makes is watched through the managed-by label, so the caches grow with what Stevedore owns,
 * not with the cluster; a change to any of it wakes the services it belongs to.
 */
final class ServiceInformers {
  static final String MANAGED = Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE;
  private static final String BY_OWNER = "owner";
  private static final String BY_SERVICE = "service";
  private static final String BY_FAMILY = "family";
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
    // What Stevedore writes keeps its field-ownership records (drift detection reads them); what it only reads not.
    deployments = managed(context, Deployment.class, byServiceLabel::toPrimaryResourceIDs, true);
    daemonSets = managed(context, DaemonSet.class, byServiceLabel::toPrimaryResourceIDs, true);
    replicaSets = managed(context, ReplicaSet.class, byServiceLabel::toPrimaryResourceIDs, false);
    pods = managed(context, Pod.class, byServiceLabel::toPrimaryResourceIDs, false);
    services = managed(context, Service.class, byServiceLabel::toPrimaryResourceIDs, true);
    serviceAccounts = managed(context, ServiceAccount.class,
        sa -> servicesOfFamily(context, sa.getMetadata().getNamespace(), label(sa, Labels.FAMILY)), true);
    revisions = managed(context, ControllerRevision.class,
        cr -> servicesOfFamily(context, cr.getMetadata().getNamespace(), FamilyRevisions.familyLabel(cr)), false);
    // A cluster's status moves with every task of every service in it, and no plan reads it: only a change of
    // what the cluster is (its spec, its deletion) concerns the services, or each task started would wake them all.
    clusters = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(EcsCluster.class, EcsService.class).withName("clusters")
        .withItemStore(LeanStore.forController(context))
        .withOnUpdateFilter((now, before) -> !Objects.equals(now.getMetadata().getGeneration(),
            before.getMetadata().getGeneration()) || !Objects.equals(now.getMetadata().getDeletionTimestamp(),
            before.getMetadata().getDeletionTimestamp()))
        .withSecondaryToPrimaryMapper(c -> context.getPrimaryCache()
            .list(c.getMetadata().getNamespace(), s -> EcsCluster.clusterName(c).equals(Arns.clusterName(s.getSpec().cluster)))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
    nodes = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(Node.class, EcsService.class).withName("nodes").withWatchAllNamespaces()
        .withItemStore(LeanStore.forClusterScoped())
        .withSecondaryToPrimaryMapper(n -> context.getPrimaryCache()
            .list(s -> "DAEMON".equals(s.getSpec().schedulingStrategy))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
    // A pre-deploy task's progress (its status) is what opens or fails the deployment it gates.
    tasks = new InformerEventSource<>(InformerEventSourceConfiguration.from(EcsTask.class, EcsService.class)
        .withName("predeploytasks")
        .withLabelSelector(MANAGED)
        .withItemStore(LeanStore.forController(context))
        .withSecondaryToPrimaryMapper(ServiceInformers::owningService)
        .build(), context);
    // The service's autoscaler: restored when someone else changes or deletes it.
    autoscalers = managed(context, HorizontalPodAutoscaler.class, ServiceInformers::owningService, true);
    // Reading one service's world must cost what the service has, not what the namespace has: with a scan of
    // every cached object per reconcile, a thousand services cost a million looks per round of reconciles.
    List.of(deployments, daemonSets, services, tasks, autoscalers)
        .forEach(source -> source.addIndexer(BY_OWNER, ServiceInformers::ownerUids));
    replicaSets.addIndexer(BY_OWNER, r -> r.getMetadata().getOwnerReferences() == null ? List.of()
        : r.getMetadata().getOwnerReferences().stream().filter(o -> "Deployment".equals(o.getKind()))
            .map(o -> inNamespace(r, o.getName())).toList());
    pods.addIndexer(BY_SERVICE, p -> label(p, Labels.SERVICE) == null ? List.of()
        : List.of(inNamespace(p, label(p, Labels.SERVICE))));
    revisions.addIndexer(BY_FAMILY, r -> FamilyRevisions.familyLabel(r) == null ? List.of()
        : List.of(inNamespace(r, FamilyRevisions.familyLabel(r))));
    serviceAccounts.addIndexer(BY_FAMILY, sa -> label(sa, Labels.FAMILY) == null ? List.of()
        : List.of(inNamespace(sa, label(sa, Labels.FAMILY))));
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
    List<Deployment> ownDeployments = owned(deployments, uid);
    List<DaemonSet> ownDaemonSets = owned(daemonSets, uid);
    Set<String> families = families(service, ownDeployments, ownDaemonSets);
    return new ServiceWorld(service,
        clusters.list(namespace).toList(),
        byKeys(revisions, BY_FAMILY, namespace, families),
        ownDeployments,
        ownDaemonSets,
        byKeys(replicaSets, BY_OWNER, namespace, ownDeployments.stream().map(d -> d.getMetadata().getName()).toList()),
        pods.byIndex(BY_SERVICE, namespace + "/" + name),
        nodes.list().toList(),
        owned(services, uid),
        byKeys(serviceAccounts, BY_FAMILY, namespace, families),
        owned(tasks, uid),
        owned(autoscalers, uid),
        served == null ? ServiceWorld.TargetGroupBindings.NOT_SERVED : new ServiceWorld.TargetGroupBindings(true,
            owned(served, uid)),
        environment, now);
  }

  /**
   * The families whose revisions a plan may resolve: the spec's, and those of what runs or ran (what the circuit
   * breaker may roll back to), as family labels.
   */
  private static Set<String> families(EcsService service, List<Deployment> deployments, List<DaemonSet> daemonSets) {
    Set<String> references = new HashSet<>();
    references.add(service.getSpec().taskDefinition);
    var status = service.getStatus();
    if (status != null) {
      references.add(status.taskDefinition);
      if (status.rollback != null) {
        references.add(status.rollback.taskDefinition);
      }
      if (status.deployments != null) {
        status.deployments.forEach(d -> references.add(d.taskDefinition));
      }
    }
    Stream.concat(deployments.stream().map(d -> d.getSpec().getTemplate()),
            daemonSets.stream().map(d -> d.getSpec().getTemplate()))
        .filter(t -> t != null && t.getMetadata() != null && t.getMetadata().getAnnotations() != null)
        .forEach(t -> references.add(t.getMetadata().getAnnotations().get(Labels.TASK_DEFINITION_ANNOTATION)));
    return references.stream().filter(Objects::nonNull)
        .flatMap(r -> TaskDefinitionReference.parse(r).stream())
        .map(r -> Names.labelValue(r.family())).collect(Collectors.toSet());
  }

  private static <R extends HasMetadata> List<R> owned(InformerEventSource<R, EcsService> source, String uid) {
    return source.byIndex(BY_OWNER, uid);
  }

  private static <R extends HasMetadata> List<R> byKeys(InformerEventSource<R, EcsService> source, String index,
      String namespace, Collection<String> keys) {
    return keys.stream().sorted().flatMap(k -> source.byIndex(index, namespace + "/" + k).stream()).toList();
  }

  private static List<String> ownerUids(HasMetadata r) {
    return r.getMetadata().getOwnerReferences() == null ? List.of()
        : r.getMetadata().getOwnerReferences().stream().map(o -> o.getUid()).filter(Objects::nonNull).toList();
  }

  private static String inNamespace(HasMetadata r, String key) {
    return r.getMetadata().getNamespace() + "/" + key;
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
      informer.addIndexer(BY_OWNER, ServiceInformers::ownerUids);
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
      EventSourceContext<EcsService> context, Class<R> type, SecondaryToPrimaryMapper<R> mapper, boolean written) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, EcsService.class)
        .withName(type.getSimpleName().toLowerCase())
        .withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(mapper)
        .withItemStore(written ? null : LeanStore.forController(context))
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

  private static String label(HasMetadata r, String key) {
    Map<String, String> labels = r.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
