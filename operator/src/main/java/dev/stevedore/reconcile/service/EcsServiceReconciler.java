package dev.stevedore.reconcile.service;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.observability.ServiceMetrics;
import dev.stevedore.reconcile.KubernetesEvents;
import dev.stevedore.reconcile.ServerSideApplier;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.TaskDefinitionReference;
import dev.stevedore.status.RollbackDecision;
import dev.stevedore.status.ServiceObservation;
import dev.stevedore.status.ServiceObservation.Stall;
import dev.stevedore.status.ServiceStatusCalculator;
import dev.stevedore.translate.CapacityPlacement;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.translate.Labels;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceContext;
import dev.stevedore.translate.ServiceTranslator;
import dev.stevedore.translate.TranslationReport;
import dev.stevedore.translate.WorkloadTranslator;
import dev.stevedore.translate.placement.NodeAffinityMatcher;
import dev.stevedore.translate.placement.Placement;
import dev.stevedore.translate.placement.ProviderDeployments;
import dev.stevedore.validate.ServiceValidator;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs an EcsService: resolves its cluster and task definition revision, applies what translate/ makes of
 * them, removes what it no longer wants, and reports DescribeServices-shaped status. A reference that does not
 * resolve stalls the service without touching what runs; it heals when the object appears.
 */
public class EcsServiceReconciler implements Reconciler<EcsService> {
  static final String MANAGED = Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE;

  private final OperatorSettings settings;
  private final Clock clock;
  private ServiceMetrics metrics;
  private InformerEventSource<Deployment, EcsService> deployments;
  private InformerEventSource<DaemonSet, EcsService> daemonSets;
  private InformerEventSource<ReplicaSet, EcsService> replicaSets;
  private InformerEventSource<Pod, EcsService> pods;
  private InformerEventSource<Service, EcsService> services;
  private InformerEventSource<ServiceAccount, EcsService> serviceAccounts;
  private InformerEventSource<ControllerRevision, EcsService> revisions;
  private InformerEventSource<EcsCluster, EcsService> clusters;
  private InformerEventSource<Node, EcsService> nodes;

  public EcsServiceReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Publishes every service's task counts after each reconcile. */
  public EcsServiceReconciler withMetrics(ServiceMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  @Override
  public List<EventSource<?, EcsService>> prepareEventSources(EventSourceContext<EcsService> context) {
    SecondaryToPrimaryMapper<HasMetadata> byServiceLabel = r -> {
      Map<String, String> labels = r.getMetadata().getLabels();
      String service = labels == null ? null : labels.get(Labels.SERVICE);
      return service == null ? Set.of() : Set.of(new ResourceID(service, r.getMetadata().getNamespace()));
    };
    deployments = owned(context, Deployment.class, byServiceLabel);
    daemonSets = owned(context, DaemonSet.class, byServiceLabel);
    replicaSets = owned(context, ReplicaSet.class, byServiceLabel);
    pods = owned(context, Pod.class, byServiceLabel);
    services = owned(context, Service.class, byServiceLabel);
    serviceAccounts = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(ServiceAccount.class, EcsService.class).withName("serviceaccounts").withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(sa -> servicesOfFamily(context, sa.getMetadata().getNamespace(),
            sa.getMetadata().getLabels() == null ? null : sa.getMetadata().getLabels().get(Labels.FAMILY)))
        .build(), context);
    revisions = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(ControllerRevision.class, EcsService.class).withName("revisions").withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(cr -> servicesOfFamily(context, cr.getMetadata().getNamespace(),
            FamilyRevisions.familyLabel(cr)))
        .build(), context);
    clusters = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(EcsCluster.class, EcsService.class).withName("clusters")
        .withSecondaryToPrimaryMapper(c -> context.getPrimaryCache()
            .list(c.getMetadata().getNamespace(), s -> clusterNameOf(c).equals(clusterReference(s)))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
    nodes = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(Node.class, EcsService.class).withName("nodes").withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper(n -> context.getPrimaryCache()
            .list(s -> "DAEMON".equals(s.getSpec().schedulingStrategy))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
    return List.of(deployments, daemonSets, replicaSets, pods, services, serviceAccounts, revisions, clusters, nodes);
  }

  private static <R extends HasMetadata> InformerEventSource<R, EcsService> owned(EventSourceContext<EcsService> context,
      Class<R> type, SecondaryToPrimaryMapper<HasMetadata> mapper) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, EcsService.class)
        .withName(type.getSimpleName().toLowerCase())
        .withLabelSelector(MANAGED)
        .withSecondaryToPrimaryMapper(mapper::toPrimaryResourceIDs)
        .build(), context);
  }

  /** Services of the namespace whose task definition is of {@code familyLabel} (all of them if null). */
  private static Set<ResourceID> servicesOfFamily(EventSourceContext<EcsService> context, String namespace,
      String familyLabel) {
    return context.getPrimaryCache().list(namespace, s -> familyLabel == null
            || TaskDefinitionReference.parse(s.getSpec().taskDefinition)
                .map(r -> dev.stevedore.translate.Names.labelValue(r.family()).equals(familyLabel)).orElse(false))
        .map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<EcsService> reconcile(EcsService service, Context<EcsService> context) {
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    KubernetesEvents events = new KubernetesEvents(context.getClient(), clock);
    if (metrics != null) {
      metrics.update(context.getPrimaryCache().list().toList());
    }
    Plan plan = plan(service, namespace);
    // The circuit breaker counts the failed tasks of the deployment the spec asks for; past its threshold it halts
    // that deployment, or runs the last completed one instead for as long as the spec names the failed one.
    RollbackDecision.Decision breaker = breaker(service, plan, namespace, name);
    if (breaker.target().isPresent()) {
      Plan rollback = plan(service, namespace, breaker.target().get());
      if (rollback.stall() == null) {
        plan = rollback;
      } else {
        breaker = breaker.haltInstead();
      }
    }
    if (breaker.action() == RollbackDecision.Action.HALT) {
      plan.objects().forEach(o -> RollbackDecision.halt(o.workload()));
    }

    List<Deployment> currentDeployments = deployments.list(namespace, d -> ownedBy(d, service)).toList();
    List<DaemonSet> currentDaemonSets = daemonSets.list(namespace, d -> ownedBy(d, service)).toList();
    if (plan.stall() == null) {
      ServerSideApplier applier = new ServerSideApplier(context.getClient());
      Set<String> wanted = new HashSet<>();
      for (ServiceTranslator.Objects objects : plan.objects()) {
        objects.serviceAccount().ifPresent(sa -> applier.apply(sa,
            serviceAccounts.get(new ResourceID(sa.getMetadata().getName(), namespace)).orElse(null), service, false));
        HasMetadata workload = objects.workload();
        wanted.add(workload.getKind() + "/" + workload.getMetadata().getName());
        HasMetadata current = workload instanceof Deployment
            ? deployments.get(new ResourceID(workload.getMetadata().getName(), namespace)).orElse(null)
            : daemonSets.get(new ResourceID(workload.getMetadata().getName(), namespace)).orElse(null);
        applier.apply(workload, current, service, true);
        objects.service().ifPresent(svc -> applier.apply(svc,
            services.get(new ResourceID(svc.getMetadata().getName(), namespace)).orElse(null), service, true));
      }
      // Switching REPLICA <-> DAEMON, or dropping a capacity provider, leaves workloads nobody wants.
      for (HasMetadata stale : concat(currentDeployments, currentDaemonSets)) {
        if (!wanted.contains(stale.getKind() + "/" + stale.getMetadata().getName())) {
          context.getClient().resource(stale).delete();
        }
      }
      if (plan.objects().stream().noneMatch(o -> o.service().isPresent())) {
        services.get(new ResourceID(name, namespace)).filter(s -> ownedBy(s, service))
            .ifPresent(s -> context.getClient().resource(s).delete());
      }
      currentDeployments = deployments.list(namespace, d -> ownedBy(d, service)).toList();
      currentDaemonSets = daemonSets.list(namespace, d -> ownedBy(d, service)).toList();
    }

    Set<String> deploymentNames = currentDeployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
    List<ReplicaSet> rs = replicaSets.list(namespace, r -> r.getMetadata().getOwnerReferences() != null
        && r.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "Deployment".equals(o.getKind()) && deploymentNames.contains(o.getName()))).toList();
    List<Pod> servicePods = pods.list(namespace, p -> name.equals(labelOf(p, Labels.SERVICE))).toList();
    ServiceObservation observation = new ServiceObservation(service, serviceName(service), plan.desiredCount(),
        plan.taskDefinitionArn(), plan.restartedAt(), currentDeployments, currentDaemonSets, rs, servicePods,
        plan.stuck(), plan.stall(), plan.reports(), selector(name), breaker);
    ServiceStatusCalculator.Result result = ServiceStatusCalculator.compute(observation, clock);
    result.status().serviceArn = "arn:aws:ecs:" + settings.region() + ":" + settings.account() + ":service/"
        + plan.clusterName() + "/" + serviceName(service);
    if (sameStatus(result.status(), service.getStatus())) {
      return recheck(breaker);
    }
    EcsService patch = new EcsService();
    patch.getMetadata().setName(name);
    patch.getMetadata().setNamespace(namespace);
    patch.setStatus(result.status());
    // Patch and cache: the next reconcile must start from this status, or it would compute its events again.
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(service, patch, context);
    for (ServiceEvent e : result.newEvents()) {
      events.normal(service, "ServiceEvent", e.message);
    }
    if (plan.stall() != null && !plan.stall().equals(previousStall(service))) {
      events.warning(service, plan.stall().reason(), plan.stall().message());
    }
    return recheck(breaker);
  }

  /** A task that stays unhealthy or cannot start counts again later, with no event to say so: look again then. */
  private static UpdateControl<EcsService> recheck(RollbackDecision.Decision breaker) {
    UpdateControl<EcsService> control = UpdateControl.noUpdate();
    breaker.recheckAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  /** The circuit breaker's decision about the deployment {@code plan} (the spec's) asks for. */
  private RollbackDecision.Decision breaker(EcsService service, Plan plan, String namespace, String name) {
    if (plan.stall() != null) {
      return RollbackDecision.unresolved(service.getStatus());
    }
    var spec = service.getSpec();
    List<Pod> servicePods = pods.list(namespace, p -> name.equals(labelOf(p, Labels.SERVICE))).toList();
    return RollbackDecision.decide(new RollbackDecision.Input(service.getMetadata().getUid(),
        spec.deploymentConfiguration == null ? null : spec.deploymentConfiguration.deploymentCircuitBreaker,
        plan.desiredCount(), plan.taskDefinitionArn(), plan.restartedAt(), servicePods,
        spec.healthCheckGracePeriodSeconds == null ? 0 : spec.healthCheckGracePeriodSeconds, service.getStatus(),
        clock.instant()));
  }

  /** What the service should run, or why it cannot. */
  record Plan(String clusterName, List<ServiceTranslator.Objects> objects, int desiredCount, String taskDefinitionArn,
              String restartedAt, boolean stuck, Stall stall, List<FieldReport> reports) {
    static Plan stalled(String cluster, int desired, String reason, String message) {
      return new Plan(cluster, List.of(), desired, null, null, false, new Stall(reason, message), List.of());
    }
  }

  private Plan plan(EcsService service, String namespace) {
    return plan(service, namespace, null);
  }

  /** {@code rollback}: the deployment the circuit breaker rolled back to, run instead of the spec's revision. */
  private Plan plan(EcsService service, String namespace, RollbackDecision.Target rollback) {
    var spec = service.getSpec();
    String clusterName = clusterReference(service);
    boolean daemon = "DAEMON".equals(spec.schedulingStrategy);
    int desired = spec.desiredCount == null ? 1 : spec.desiredCount;
    Optional<EcsCluster> cluster = clusters.list(namespace, c -> clusterName.equals(clusterNameOf(c))).findFirst();
    if (cluster.isEmpty()) {
      return Plan.stalled(clusterName, desired, "ClusterNotFoundException", "Cluster not found.");
    }
    Optional<TaskDefinitionReference> reference = TaskDefinitionReference.parse(
        rollback != null ? rollback.taskDefinition() : spec.taskDefinition);
    if (reference.isEmpty()) {
      return Plan.stalled(clusterName, desired, "InvalidParameterException",
          "taskDefinition must be family, family:revision or a task definition ARN: " + spec.taskDefinition);
    }
    FamilyRevisions family = FamilyRevisions.of(reference.get().family(),
        revisions.list(namespace, r -> true).toList());
    String runningArn = service.getStatus() == null ? null : service.getStatus().taskDefinition;
    Optional<FamilyRevisions.Revision> revision = reference.get().revision().isPresent()
        ? family.get(reference.get().revision().get()) : family.latestActive();
    if (revision.isEmpty()) {
      return Plan.stalled(clusterName, desired, "ClientException", "TaskDefinition not found: " + reference.get() + ".");
    }
    RegisteredTaskDefinition td = FamilyRevisions.registered(family.family(), revision.get(), settings.region(),
        settings.account());
    if (!revision.get().active() && !td.arn().equals(runningArn) && rollback == null) {
      return Plan.stalled(clusterName, desired, "ClientException", "TaskDefinition is inactive: " + reference.get() + ".");
    }
    List<ValidationIssue> issues = ServiceValidator.validate(spec, td.spec());
    if (!issues.isEmpty()) {
      return Plan.stalled(clusterName, desired, "InvalidParameterException",
          issues.stream().map(ValidationIssue::toString).collect(Collectors.joining("; ")));
    }
    // ECS refuses a memberOf expression that does not parse; so does Stevedore, before anything changes.
    List<String> placementErrors = Placement.syntaxErrors(spec, td.spec());
    if (!placementErrors.isEmpty()) {
      return Plan.stalled(clusterName, desired, "InvalidParameterException", String.join("; ", placementErrors));
    }
    String restartedAt = rollback != null ? rollback.restartedAt() : service.getMetadata().getAnnotations() == null
        ? null : service.getMetadata().getAnnotations().get(Labels.RESTARTED_AT_ANNOTATION);
    List<CapacityProviderStrategyItem> strategy = CapacityProviders.strategy(spec, cluster.get().getSpec());
    List<ServiceTranslator.Objects> objects = new ArrayList<>();
    TranslationReport reports = new TranslationReport();
    boolean stuck = false;
    if (daemon) {
      CapacityPlacement placement = CapacityProviders.placement(strategy.get(0).capacityProvider, cluster.get().getSpec());
      // memberOf constraints narrow the nodes a daemon runs on: count only those its pods' node affinity admits.
      ServiceTranslator.Objects probe = ServiceTranslator.translate(context(service, clusterName, td, placement, 0, 0,
          restartedAt));
      int eligible = eligibleNodes(placement, td.spec(),
          ((DaemonSet) probe.workload()).getSpec().getTemplate().getSpec().getAffinity());
      desired = eligible;
      ServiceTranslator.Objects o = ServiceTranslator.translate(context(service, clusterName, td, placement, desired,
          eligible, restartedAt));
      objects.add(o);
      reports.addAll(o.reports());
      stuck = o.bounds().stuck();
    } else {
      // One Deployment per provider, replicas split by base and weight, rolled under the service's one budget.
      ProviderDeployments.Plan replicas = ProviderDeployments.replica(strategy, desired,
          (item, share) -> context(service, clusterName, td,
              CapacityProviders.placement(item.capacityProvider, cluster.get().getSpec()), share, 0, restartedAt),
          deploymentName -> deployments.get(new ResourceID(deploymentName, namespace))
              .filter(d -> ownedBy(d, service)).orElse(null));
      for (ServiceTranslator.Objects o : replicas.objects()) {
        objects.add(o);
        reports.addAll(o.reports());
      }
      stuck = replicas.stuck();
    }
    return new Plan(clusterName, objects, desired, td.arn(), restartedAt, stuck, null, reports.entries());
  }

  private ServiceContext context(EcsService service, String clusterName, RegisteredTaskDefinition td,
      CapacityPlacement placement, int desired, int eligibleNodes, String restartedAt) {
    return new ServiceContext(service.getMetadata().getName(), service.getMetadata().getNamespace(), clusterName,
        service.getSpec(), td, placement, desired, eligibleNodes, settings.taskRoleBinding(), settings.account(),
        restartedAt);
  }

  /** Ready, schedulable nodes that match the provider's and the task's node selectors and the pods' node affinity. */
  private int eligibleNodes(CapacityPlacement placement, TaskDefinitionSpec td,
      io.fabric8.kubernetes.api.model.Affinity affinity) {
    Map<String, String> selector = new TreeMap<>(placement.nodeSelector());
    if (td.runtimePlatform != null && "ARM64".equals(td.runtimePlatform.cpuArchitecture)) {
      selector.put("kubernetes.io/arch", "arm64");
    }
    return (int) nodes.list(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable())
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labelOf(n, e.getKey())))
        && NodeAffinityMatcher.matches(affinity, n)
        && n.getStatus() != null && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .count();
  }

  static String serviceName(EcsService s) {
    return s.getSpec().serviceName != null ? s.getSpec().serviceName : s.getMetadata().getName();
  }

  /** The cluster a service names: a name or an ARN ...:cluster/NAME; "default" when absent. */
  static String clusterReference(EcsService s) {
    String cluster = s.getSpec().cluster;
    if (cluster == null || cluster.isEmpty()) {
      return "default";
    }
    int slash = cluster.lastIndexOf("cluster/");
    return cluster.startsWith("arn:") && slash >= 0 ? cluster.substring(slash + "cluster/".length()) : cluster;
  }

  static String clusterNameOf(EcsCluster c) {
    return c.getSpec() != null && c.getSpec().clusterName != null ? c.getSpec().clusterName : c.getMetadata().getName();
  }

  static String selector(String serviceObjectName) {
    return WorkloadTranslator.serviceSelector(serviceObjectName).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static boolean ownedBy(HasMetadata r, EcsService s) {
    return r.getMetadata().getOwnerReferences() != null && r.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> s.getMetadata().getUid().equals(o.getUid()));
  }

  private static String labelOf(HasMetadata r, String key) {
    return r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(key);
  }

  private static List<HasMetadata> concat(List<? extends HasMetadata> a, List<? extends HasMetadata> b) {
    List<HasMetadata> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Stall previousStall(EcsService s) {
    if (s.getStatus() == null || s.getStatus().conditions == null) {
      return null;
    }
    return s.getStatus().conditions.stream()
        .filter(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> new Stall(c.getReason(), c.getMessage())).findFirst().orElse(null);
  }

  private static boolean sameStatus(EcsServiceStatus a, EcsServiceStatus b) {
    if (b == null) {
      return false;
    }
    // Compared as JSON: the API types are plain data holders without equals.
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(a)
        .equals(io.fabric8.kubernetes.client.utils.Serialization.asJson(b));
  }
}
