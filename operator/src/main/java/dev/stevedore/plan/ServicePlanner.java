package dev.stevedore.plan;

import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.ServiceAutoScaling;
import dev.stevedore.naming.Arns;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.TaskDefinitionReference;
import dev.stevedore.status.Conditions;
import dev.stevedore.status.PreDeployGate;
import dev.stevedore.status.RollbackDecision;
import dev.stevedore.status.ServiceObservation;
import dev.stevedore.status.StatusComparison;
import dev.stevedore.status.TaskCountBatching;
import dev.stevedore.status.ServiceObservation.Stall;
import dev.stevedore.status.ServiceStatusCalculator;
import dev.stevedore.translate.AutoScalingTranslator;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.naming.Labels;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceContext;
import dev.stevedore.translate.ScheduledCapacity;
import dev.stevedore.translate.ServiceConnectServices;
import dev.stevedore.translate.ServiceTranslator;
import dev.stevedore.translate.TargetGroupBindings;
import dev.stevedore.translate.TargetGroupServices;
import dev.stevedore.translate.WorkloadTranslator;
import dev.stevedore.translate.placement.Placement;
import dev.stevedore.translate.placement.ProviderDeployments;
import dev.stevedore.translate.task.PreDeployTaskTranslator;
import dev.stevedore.validate.ServiceValidator;
import dev.stevedore.validate.TaskSecurityPolicy;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Plans one EcsService (ARCHITECTURE.md §5): from the service, its cluster, its family's revisions and what runs now
 * to the objects to write and delete, the circuit breaker's decision, the status and its events. Pure and
 * deterministic; the reconciler only reads caches into a {@link ServiceWorld} and carries the plan out.
 *
 * <p>The order of decisions: resolve what the spec asks for (a reference that does not resolve stalls the service
 * and touches nothing that runs); translate it once; let the circuit breaker decide about it; run the deployment it
 * rolls back to instead, or halt the spec's; then compare each wanted object with the live one.
 */
public final class ServicePlanner {
  private ServicePlanner() {}

  public static ServicePlan plan(ServiceWorld world) {
    EcsService service = world.service();
    String restartedAt = annotation(service, Labels.RESTARTED_AT_ANNOTATION);
    Resolved wanted = resolve(world, service.getSpec().taskDefinition, restartedAt, false);
    Optional<Duration> stillWaiting = waitingForReferences(world, wanted);
    if (stillWaiting.isPresent()) {
      return new ServicePlan(List.of(), List.of(), service.getStatus(), false, List.of(), null, stillWaiting);
    }
    String deploymentId = wanted.stall() == null ? ServiceStatusCalculator.deploymentId(service.getMetadata().getUid(),
        wanted.taskDefinitionArn(), wanted.restartedAt()) : null;
    String preDeployTaskName = deploymentId == null ? null : PreDeployTaskTranslator.name(
        service.getMetadata().getName(), revisionNumber(wanted.taskDefinitionArn()), deploymentId);
    EcsTask preDeployTask = preDeployTaskName == null ? null : world.tasks().stream()
        .filter(t -> preDeployTaskName.equals(t.getMetadata().getName())).findFirst().orElse(null);
    PreDeployGate.Decision gate = deploymentId == null ? PreDeployGate.unresolved(service.getStatus())
        : PreDeployGate.decide(new PreDeployGate.Input(service.getSpec().preDeployTask, serviceName(service),
            deploymentId, runs(world, wanted), preDeployTaskName, preDeployTask, service.getStatus(), world.now()));
    boolean gated = gate.gate() != PreDeployGate.Gate.OPEN;
    RollbackDecision.Decision breaker = wanted.stall() != null ? RollbackDecision.unresolved(service.getStatus())
        : gated ? RollbackDecision.notStarted(deploymentId) : RollbackDecision.decide(breakerInput(world, wanted));
    // While the pre-deploy task holds the spec's deployment, or after it failed it, what ran before runs on.
    Resolved running = gated ? current(world).orElse(null) : wanted;
    if (breaker.target().isPresent()) {
      RollbackDecision.Target target = breaker.target().get();
      Resolved rollback = resolve(world, target.taskDefinition(), target.restartedAt(), true);
      if (rollback.stall() == null) {
        running = rollback;
      } else {
        breaker = breaker.haltInstead();
      }
    }
    if (breaker.action() == RollbackDecision.Action.HALT) {
      running.objects().forEach(o -> WorkloadTranslator.halt(o.workload()));
    }

    List<ServicePlan.Write> writes = new ArrayList<>();
    List<HasMetadata> deletes = new ArrayList<>();
    List<String> reverted = new ArrayList<>();
    List<FieldReport> bindingReports = new ArrayList<>();
    Optional<ScheduledCapacity.Bounds> scheduled = scheduledBounds(service, world.now());
    if (running != null && running.stall() == null) {
      writesAndDeletes(world, running, scheduled, writes, deletes, reverted, bindingReports);
    }
    if (gate.createTask()) {
      writes.add(new ServicePlan.Write(ServicePlan.Verb.APPLY, Ownership.ownedBy(PreDeployTaskTranslator.translate(
          new PreDeployTaskTranslator.Deployment(service, wanted.clusterName(), deploymentId,
              wanted.taskDefinitionArn(), revisionNumber(wanted.taskDefinitionArn()))), service, true), List.of()));
    }
    if (gate.stopTask()) {
      writes.add(new ServicePlan.Write(ServicePlan.Verb.APPLY, stopped(preDeployTask), List.of()));
    }

    // The status describes the spec's deployment: PRIMARY, without tasks while its pre-deploy task gates it.
    Resolved described = gated ? wanted : running;
    ServiceObservation observation = new ServiceObservation(service, serviceName(service), described.desiredCount(),
        described.taskDefinitionArn(), described.restartedAt(), world.deployments(), world.daemonSets(),
        world.replicaSets(), world.pods(), !gated && running.stuck(), described.stall(),
        described.stall() != null ? described.reports()
            : Stream.concat(described.reports().stream(), bindingReports.stream()).toList(),
        selector(service.getMetadata().getName()), breaker, reverted, gate);
    ServiceStatusCalculator.Result result = ServiceStatusCalculator.compute(observation,
        Clock.fixed(world.now(), ZoneOffset.UTC));
    EcsServiceStatus status = result.status();
    status.serviceArn = Arns.service(world.environment().region(), world.environment().account(),
        described.clusterName(), serviceName(service));
    Stall newStall = described.stall() != null && !described.stall().equals(previousStall(service))
        ? described.stall() : null;
    boolean statusChanged = !StatusComparison.unchanged(service.getStatus(), status);
    Optional<Duration> countsHeldBack = statusChanged
        ? TaskCountBatching.holdBack(service.getStatus(), status, world.now()) : Optional.empty();
    return new ServicePlan(List.copyOf(writes), List.copyOf(deletes), status,
        statusChanged && countsHeldBack.isEmpty(), result.newEvents(), newStall,
        earliest(earliest(earliest(breaker.recheckAfter(), gate.recheckAfter()), countsHeldBack),
            scheduled.flatMap(ScheduledCapacity.Bounds::nextChange)
                .map(at -> Duration.between(world.now(), at).plusSeconds(1))));
  }

  /**
   * How long a new service waits, silently, for a cluster or task definition it names that does not exist yet:
   * they are usually applied with it (one kubectl apply, one Helm release, one Argo CD sync), and the task
   * definition becomes a revision only when its own reconcile has run. Reporting Stalled with a Warning in that
   * moment would be a false alarm and two writes per service. The arrival of the cluster or revision wakes the
   * service at once; after the grace, it stalls as ECS would refuse it.
   */
  static final Duration REFERENCE_GRACE = Duration.ofSeconds(15);

  private static Optional<Duration> waitingForReferences(ServiceWorld world, Resolved wanted) {
    EcsService service = world.service();
    boolean neverObserved = service.getStatus() == null || service.getStatus().observedGeneration == null;
    String created = service.getMetadata().getCreationTimestamp();
    if (!neverObserved || created == null || !wanted.referenceMissing()) {
      return Optional.empty();
    }
    Duration left = Duration.between(world.now(), Instant.parse(created).plus(REFERENCE_GRACE));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  /**
   * What the service's workloads run now, resolved again so that it keeps being what Stevedore wants (scaled,
   * drift reverted); empty when nothing runs yet, or when what runs cannot be resolved any more (then the
   * workloads are left exactly as they are).
   */
  private static Optional<Resolved> current(ServiceWorld world) {
    Optional<Map<String, String>> template = liveTemplateAnnotations(world).findFirst();
    String arn = template.map(a -> a.get(Labels.TASK_DEFINITION_ANNOTATION)).orElse(null);
    if (arn == null) {
      return Optional.empty();
    }
    Resolved resolved = resolve(world, arn, template.get().get(Labels.RESTARTED_AT_ANNOTATION), true);
    return resolved.stall() == null ? Optional.of(resolved) : Optional.empty();
  }

  /** The service's workloads already run the deployment {@code wanted} describes. */
  private static boolean runs(ServiceWorld world, Resolved wanted) {
    return liveTemplateAnnotations(world).anyMatch(a -> wanted.taskDefinitionArn().equals(
        a.get(Labels.TASK_DEFINITION_ANNOTATION))
        && Objects.equals(wanted.restartedAt(), a.get(Labels.RESTARTED_AT_ANNOTATION)));
  }

  /** The pod template annotations of the live workloads, by workload name. */
  private static Stream<Map<String, String>> liveTemplateAnnotations(ServiceWorld world) {
    return Stream.concat(
        world.deployments().stream().map(d -> Map.entry(d.getMetadata().getName(), d.getSpec().getTemplate())),
        world.daemonSets().stream().map(d -> Map.entry(d.getMetadata().getName(), d.getSpec().getTemplate())))
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getValue() == null || e.getValue().getMetadata() == null
            || e.getValue().getMetadata().getAnnotations() == null ? Map.<String, String>of()
            : e.getValue().getMetadata().getAnnotations());
  }

  /**
   * StopTask for a pre-deploy task the gate gave up on: the live request with desiredStatus STOPPED, as Stevedore
   * applied it (an EcsTask's other fields cannot change once it runs).
   */
  private static EcsTask stopped(EcsTask live) {
    EcsTask body = new EcsTask();
    body.getMetadata().setName(live.getMetadata().getName());
    body.getMetadata().setNamespace(live.getMetadata().getNamespace());
    body.getMetadata().setLabels(live.getMetadata().getLabels());
    body.getMetadata().setOwnerReferences(live.getMetadata().getOwnerReferences());
    body.setSpec(Serialization.clone(live.getSpec()));
    body.getSpec().desiredStatus = EcsTaskSpec.STOPPED;
    return body;
  }

  private static int revisionNumber(String taskDefinitionArn) {
    return TaskDefinitionReference.parse(taskDefinitionArn).flatMap(TaskDefinitionReference::revision).orElse(0);
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() || a.get().compareTo(b.get()) <= 0 ? a : b;
  }

  /** The ECS service name: spec.serviceName, else the object's name. */
  public static String serviceName(EcsService s) {
    return s.getSpec().serviceName != null ? s.getSpec().serviceName : s.getMetadata().getName();
  }

  /** The label selector of every pod of the service: the scale subresource's. */
  public static String selector(String serviceObjectName) {
    return WorkloadTranslator.serviceSelector(serviceObjectName).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /**
   * A task definition reference resolved and translated, or why it cannot be.
   *
   * @param clusterName the cluster the service names
   * @param desiredCount the tasks to run (eligible nodes for DAEMON)
   * @param taskDefinitionArn the revision, or null when it did not resolve
   * @param restartedAt the forceNewDeployment token of the tasks
   * @param objects what the service becomes, one entry per workload
   * @param stuck ECS's bounds allow no task to be replaced
   * @param stall why it cannot run, or null
   * @param reports fields not honoured exactly
   * @param targetType how its target groups register the tasks ({@link TargetGroupBindings#targetType})
   */
  record Resolved(String clusterName, int desiredCount, String taskDefinitionArn, String restartedAt,
                  List<ServiceTranslator.Objects> objects, boolean stuck, Stall stall, List<FieldReport> reports,
                  String targetType, boolean referenceMissing) {
    static Resolved stalled(String clusterName, int desired, String reason, String message) {
      return new Resolved(clusterName, desired, null, null, List.of(), false, new Stall(reason, message), List.of(),
          null, false);
    }

    /** Stalled because the cluster or task definition named does not exist (yet). */
    static Resolved missing(String clusterName, int desired, String reason, String message) {
      return new Resolved(clusterName, desired, null, null, List.of(), false, new Stall(reason, message), List.of(),
          null, true);
    }
  }

  /**
   * Resolves {@code reference} and translates it. {@code rollback}: it is the deployment the circuit breaker rolls
   * back to, which runs even if its revision was deregistered since.
   */
  private static Resolved resolve(ServiceWorld world, String reference, String restartedAt, boolean rollback) {
    EcsService service = world.service();
    EcsServiceSpec spec = service.getSpec();
    String clusterName = Arns.clusterName(spec.cluster);
    int desired = spec.desiredCount == null ? 1 : spec.desiredCount;
    Optional<EcsCluster> cluster = world.clusters().stream().filter(c -> clusterName.equals(EcsCluster.clusterName(c)))
        .findFirst();
    if (cluster.isEmpty()) {
      return Resolved.missing(clusterName, desired, "ClusterNotFoundException", "Cluster not found.");
    }
    Optional<TaskDefinitionReference> ref = TaskDefinitionReference.parse(reference);
    if (ref.isEmpty()) {
      return Resolved.stalled(clusterName, desired, "InvalidParameterException",
          "taskDefinition must be family, family:revision or a task definition ARN: " + reference);
    }
    FamilyRevisions family = FamilyRevisions.of(ref.get().family(), world.revisions());
    Optional<FamilyRevisions.Revision> revision = ref.get().revision().isPresent()
        ? family.get(ref.get().revision().get()) : family.latestActive();
    if (revision.isEmpty()) {
      return Resolved.missing(clusterName, desired, "ClientException", "TaskDefinition not found: " + ref.get() + ".");
    }
    var environment = world.environment();
    RegisteredTaskDefinition td = FamilyRevisions.registered(family.family(), revision.get(), environment.region(),
        environment.account());
    String runningArn = service.getStatus() == null ? null : service.getStatus().taskDefinition;
    // A deregistered revision keeps running where it runs, as in ECS, but nothing new may start on it.
    if (!revision.get().active() && !td.arn().equals(runningArn) && !rollback) {
      return Resolved.stalled(clusterName, desired, "ClientException", "TaskDefinition is inactive: " + ref.get() + ".");
    }
    List<ValidationIssue> issues = ServiceValidator.validate(spec, td.spec());
    if (!issues.isEmpty()) {
      return Resolved.stalled(clusterName, desired, "InvalidParameterException",
          issues.stream().map(ValidationIssue::toString).collect(Collectors.joining("; ")));
    }
    // Privileged containers, host namespaces, host paths and added capabilities only where the cluster allows them.
    List<ValidationIssue> security = TaskSecurityPolicy.violations(cluster.get().getSpec(), td.spec(), spec);
    if (!security.isEmpty()) {
      return Resolved.stalled(clusterName, desired, "ClientException",
          security.stream().map(ValidationIssue::toString).collect(Collectors.joining("; ")));
    }
    // ECS refuses a memberOf expression that does not parse; so does Stevedore, before anything changes.
    List<String> placementErrors = Placement.syntaxErrors(spec, td.spec());
    if (!placementErrors.isEmpty()) {
      return Resolved.stalled(clusterName, desired, "InvalidParameterException", String.join("; ", placementErrors));
    }
    var clusterSpec = cluster.get().getSpec();
    List<CapacityProviderStrategyItem> strategy = CapacityProviders.strategy(spec, clusterSpec);
    ServiceContext context = new ServiceContext(service.getMetadata().getName(), service.getMetadata().getNamespace(),
        clusterName, spec, td, null, desired, world.nodes(), environment.taskRoleBinding(), environment.account(),
        restartedAt);
    List<ServiceTranslator.Objects> objects;
    boolean stuck;
    if ("DAEMON".equals(spec.schedulingStrategy)) {
      ServiceTranslator.Objects daemon = ServiceTranslator.translate(context.forProvider(
          CapacityProviders.placement(strategy.get(0).capacityProvider, clusterSpec), desired));
      objects = List.of(daemon);
      desired = daemon.desiredCount();
      stuck = daemon.bounds().stuck();
    } else {
      Map<String, Deployment> current = new LinkedHashMap<>();
      world.deployments().forEach(d -> current.put(d.getMetadata().getName(), d));
      ProviderDeployments.Plan replicas = ProviderDeployments.replica(context, strategy, clusterSpec, current);
      objects = replicas.objects();
      stuck = replicas.stuck();
    }
    List<FieldReport> reports = objects.stream().flatMap(o -> o.reports().stream()).toList();
    return new Resolved(clusterName, desired, td.arn(), restartedAt, objects, stuck, null, reports,
        TargetGroupBindings.targetType(td.spec(), strategy), false);
  }

  private static RollbackDecision.Input breakerInput(ServiceWorld world, Resolved wanted) {
    EcsService service = world.service();
    EcsServiceSpec spec = service.getSpec();
    return new RollbackDecision.Input(service.getMetadata().getUid(),
        spec.deploymentConfiguration == null ? null : spec.deploymentConfiguration.deploymentCircuitBreaker,
        wanted.desiredCount(), wanted.taskDefinitionArn(), wanted.restartedAt(), world.pods(),
        spec.healthCheckGracePeriodSeconds == null ? 0 : spec.healthCheckGracePeriodSeconds, service.getStatus(),
        world.now());
  }

  /**
   * Each wanted object against the live one; workloads, Kubernetes Services and TargetGroupBindings nobody wants any
   * more go. {@code bindingReports} gets what the target groups' registration does not honour.
   */
  private static void writesAndDeletes(ServiceWorld world, Resolved running,
      Optional<ScheduledCapacity.Bounds> scheduled, List<ServicePlan.Write> writes,
      List<HasMetadata> deletes, List<String> reverted, List<FieldReport> bindingReports) {
    EcsService service = world.service();
    String name = serviceName(service);
    boolean steady = wasSteady(service);
    List<HasMetadata> liveWorkloads = Stream.concat(world.deployments().stream(), world.daemonSets().stream())
        .map(HasMetadata.class::cast).toList();
    List<String> wantedWorkloads = new ArrayList<>();
    // Each provider's translation carries the same ServiceAccount and Kubernetes Service: one write of each.
    Map<String, HasMetadata> wanted = new LinkedHashMap<>();
    for (ServiceTranslator.Objects objects : running.objects()) {
      objects.serviceAccount().ifPresent(sa -> wanted.putIfAbsent(key(sa), Ownership.ownedBy(sa, service, false)));
      wanted.put(key(objects.workload()), Ownership.ownedBy(objects.workload(), service, true));
      wantedWorkloads.add(key(objects.workload()));
      objects.service().ifPresent(svc -> wanted.putIfAbsent(key(svc), Ownership.ownedBy(svc, service, true)));
    }
    Optional<HorizontalPodAutoscaler> autoscaler = AutoScalingTranslator.autoscaler(
        inForce(service.getSpec().autoScaling, scheduled),
        ApiGroup.GROUP + "/" + ApiGroup.VERSION, "EcsService", service.getMetadata().getName(),
        service.getMetadata().getNamespace(), WorkloadTranslator.serviceSelector(service.getMetadata().getName()));
    autoscaler.ifPresent(hpa -> wanted.put(key(hpa), Ownership.ownedBy(hpa, service, true)));
    TargetGroupBindings.Result bindings = TargetGroupBindings.translate(service.getMetadata().getName(),
        service.getMetadata().getNamespace(), Arns.clusterName(service.getSpec().cluster), service.getSpec(),
        annotation(service, Labels.LOAD_BALANCER_TYPE_ANNOTATION), running.targetType(),
        world.targetGroupBindings().served());
    bindingReports.addAll(bindings.reports());
    for (var targetGroup : TargetGroupServices.services(service.getMetadata().getName(),
        service.getMetadata().getNamespace(), Arns.clusterName(service.getSpec().cluster), service.getSpec(),
        bindings.serviceType())) {
      wanted.putIfAbsent(key(targetGroup), Ownership.ownedBy(targetGroup, service, true));
    }
    // After the Services they point at, so the controller finds them.
    for (var binding : bindings.bindings()) {
      wanted.putIfAbsent(key(binding), Ownership.ownedBy(binding, service, true));
    }
    for (var alias : ServiceConnectServices.services(service.getMetadata().getName(),
        service.getMetadata().getNamespace(), Arns.clusterName(service.getSpec().cluster), service.getSpec())
        .services()) {
      wanted.putIfAbsent(key(alias), Ownership.ownedBy(alias, service, true));
    }
    List<HasMetadata> live = new ArrayList<>(liveWorkloads);
    live.addAll(world.serviceAccounts());
    live.addAll(world.services());
    live.addAll(world.autoscalers());
    live.addAll(world.targetGroupBindings().owned());
    for (HasMetadata object : wanted.values()) {
      HasMetadata liveObject = find(live, object);
      // A binding missing because its kind was not served at the last look was never made: not a deletion to report.
      boolean steadyWithIt = object instanceof GenericKubernetesResource ? steady && bindingsWereWanted(service)
          : steady;
      ServicePlan.Write write = LiveComparison.decide(object, liveObject, name, steadyWithIt, reverted);
      if (write != null && write.object() instanceof GenericKubernetesResource binding) {
        write = new ServicePlan.Write(write.verb(), TargetGroupBindings.keepingDefaults(binding,
            (GenericKubernetesResource) liveObject), write.drift());
      }
      if (write != null) {
        writes.add(write);
      }
    }
    // Switching REPLICA <-> DAEMON, or dropping a capacity provider, leaves workloads nobody wants.
    liveWorkloads.stream().filter(w -> !wantedWorkloads.contains(key(w))).forEach(deletes::add);
    // A Kubernetes Service nobody wants any more (no container port left, a target group taken off) goes.
    world.services().stream().filter(s -> !wanted.containsKey(key(s))).forEach(deletes::add);
    // Auto scaling taken off the service: its autoscaler goes, and desiredCount stays where it was left.
    world.autoscalers().stream().filter(h -> autoscaler.isEmpty()
        || !h.getMetadata().getName().equals(autoscaler.get().getMetadata().getName())).forEach(deletes::add);
    // A target group taken off, or moved to another ARN or target type (a binding cannot change those): its binding
    // goes, and the controller deregisters the tasks from it.
    world.targetGroupBindings().owned().stream().filter(b -> !wanted.containsKey(key(b))).forEach(deletes::add);
  }

  /**
   * The bounds the service's scheduled actions have put in force at {@code now}, worked out once per plan (a cron
   * schedule is searched day by day); empty without scheduled actions, or with one the validator refuses (the
   * service then stalls, and running tasks keep the declared bounds).
   */
  static Optional<ScheduledCapacity.Bounds> scheduledBounds(EcsService service, Instant now) {
    ServiceAutoScaling declared = service.getSpec().autoScaling;
    if (declared == null || declared.scheduledActions == null || declared.scheduledActions.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ScheduledCapacity.at(declared, created(service, now), now));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The service's auto scaling with {@code bounds} in force instead of the declared ones. */
  static ServiceAutoScaling inForce(ServiceAutoScaling declared, Optional<ScheduledCapacity.Bounds> bounds) {
    if (declared == null || bounds.isEmpty()) {
      return declared;
    }
    ServiceAutoScaling effective = Serialization.clone(declared);
    effective.minCapacity = bounds.get().min();
    effective.maxCapacity = bounds.get().max();
    effective.scheduledActions = null;
    return effective;
  }

  private static Instant created(EcsService service, Instant now) {
    String created = service.getMetadata().getCreationTimestamp();
    return created == null ? now : Instant.parse(created);
  }

  /**
   * The previous status did not report a target group left unregistered: its TargetGroupBindings were wanted then.
   */
  private static boolean bindingsWereWanted(EcsService service) {
    List<FieldReport> reports = service.getStatus() == null ? null : service.getStatus().fieldReports;
    return reports == null || reports.stream().noneMatch(r -> r.field != null
        && r.field.startsWith("service.loadBalancers[") && r.field.endsWith("].targetGroupArn"));
  }

  /** The service's previous status describes its current spec, and it was steady then. */
  private static boolean wasSteady(EcsService service) {
    EcsServiceStatus status = service.getStatus();
    return status != null && status.observedGeneration != null
        && status.observedGeneration.equals(service.getMetadata().getGeneration())
        && Conditions.isTrue(status.conditions, Conditions.READY);
  }

  private static HasMetadata find(List<? extends HasMetadata> live, HasMetadata wanted) {
    return live.stream().filter(o -> key(o).equals(key(wanted))).findFirst().orElse(null);
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }

  private static String annotation(HasMetadata o, String key) {
    return o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get(key);
  }

  private static Stall previousStall(EcsService s) {
    if (s.getStatus() == null || s.getStatus().conditions == null) {
      return null;
    }
    return s.getStatus().conditions.stream()
        .filter(c -> Conditions.STALLED.equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> new Stall(c.getReason(), c.getMessage())).findFirst().orElse(null);
  }
}
