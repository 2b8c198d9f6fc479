package dev.stevedore.reconcile.task;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.EcsTaskStatus;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskContainer;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Labels;
import dev.stevedore.reconcile.KubernetesEvents;
import dev.stevedore.reconcile.LeanStore;
import dev.stevedore.reconcile.ObjectWriter;
import dev.stevedore.reconcile.StatusPatch;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.TaskDefinitionReference;
import dev.stevedore.status.task.EcsTaskStatusCalculator;
import dev.stevedore.status.task.EcsTaskStatusCalculator.Stall;
import dev.stevedore.status.task.StopCause;
import dev.stevedore.status.task.StopCode;
import dev.stevedore.status.task.TaskContext;
import dev.stevedore.translate.CapacityPlacement;
import dev.stevedore.translate.CapacityProviderSplit;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.TranslationReport;
import dev.stevedore.translate.placement.Placement;
import dev.stevedore.translate.task.TaskOverrides;
import dev.stevedore.translate.task.TaskPodContext;
import dev.stevedore.translate.task.TaskPodTranslator;
import dev.stevedore.validate.TaskSecurityPolicy;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs standalone tasks (RunTask): resolves the EcsTask's cluster and task definition revision once, creates one
 * pod per task, and reports DescribeTasks-shaped status computed by {@link EcsTaskStatusCalculator}, which also
 * decides which pods to stop (StopTask, or an essential container exited while others run) and which stopped
 * tasks' pods to clean up. A task is never started twice: a pod is created only for a task the status has no
 * record of. A reference that does not resolve stalls the request until the object appears.
 */
@ControllerConfiguration(name = EcsTaskReconciler.NAME)
public class EcsTaskReconciler implements Reconciler<EcsTask> {
  public static final String NAME = "ecstask";
  static final String TASK_PODS = Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE + "," + Labels.TASK;
  static final String MANAGED = Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE;
  /** Stalled reason when the API server refuses a task's pod (PodSecurity, ResourceQuota, LimitRange, ...). */
  static final String POD_REFUSED = "PodRefused";
  private static final int UNPROCESSABLE = 422;
  private static final Duration POD_RETRY = Duration.ofSeconds(30);

  private final OperatorSettings settings;
  private final Clock clock;
  private InformerEventSource<Pod, EcsTask> pods;
  private InformerEventSource<ControllerRevision, EcsTask> revisions;
  private InformerEventSource<EcsCluster, EcsTask> clusters;

  public EcsTaskReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, EcsTask>> prepareEventSources(EventSourceContext<EcsTask> context) {
    pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, EcsTask.class)
        .withName("taskpods")
        .withLabelSelector(TASK_PODS)
        .withItemStore(LeanStore.forController(context))
        .withSecondaryToPrimaryMapper(EcsTaskReconciler::owner)
        .build(), context);
    // A revision or cluster that appears heals the requests that wait for it; launched ones no longer care.
    revisions = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(ControllerRevision.class, EcsTask.class).withName("taskrevisions").withLabelSelector(MANAGED)
        .withItemStore(LeanStore.forController(context))
        .withSecondaryToPrimaryMapper(cr -> waiting(context, cr.getMetadata().getNamespace()))
        .build(), context);
    clusters = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(EcsCluster.class, EcsTask.class).withName("taskclusters")
        .withItemStore(LeanStore.forController(context))
        .withSecondaryToPrimaryMapper(c -> waiting(context, c.getMetadata().getNamespace()))
        .build(), context);
    return List.of(pods, revisions, clusters);
  }

  private static Set<ResourceID> owner(Pod pod) {
    if (pod.getMetadata().getOwnerReferences() == null) {
      return Set.of();
    }
    return pod.getMetadata().getOwnerReferences().stream()
        .filter(o -> "EcsTask".equals(o.getKind()))
        .map(o -> new ResourceID(o.getName(), pod.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }

  private static Set<ResourceID> waiting(EventSourceContext<EcsTask> context, String namespace) {
    return context.getPrimaryCache().list(namespace, t -> t.getStatus() == null || t.getStatus().tasks == null
            || t.getStatus().tasks.size() < count(t))
        .map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  /** What the request runs, or why it cannot. */
  record Plan(String clusterName, RegisteredTaskDefinition taskDefinition, EcsCluster cluster, Stall stall,
              List<FieldReport> reports) {
    static Plan stalled(String cluster, String reason, String message) {
      return new Plan(cluster, null, null, new Stall(reason, message), List.of());
    }
  }

  @Override
  public UpdateControl<EcsTask> reconcile(EcsTask task, Context<EcsTask> context) {
    String namespace = task.getMetadata().getNamespace();
    String name = task.getMetadata().getName();
    Instant now = clock.instant();
    Map<String, Pod> taskPods = pods.list(namespace, p -> owner(p).contains(ResourceID.fromResource(task)))
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
    List<String> podNames = new ArrayList<>();
    for (int i = 0; i < count(task); i++) {
      podNames.add(TaskPodTranslator.podName(name, i));
    }
    Set<String> recorded = recordedPods(task);
    boolean toLaunch = !EcsTaskStatusCalculator.stopRequested(task)
        && podNames.stream().anyMatch(n -> !recorded.contains(n) && !taskPods.containsKey(n));
    Plan plan = plan(task, namespace);
    Stall stall = plan.stall();
    if (toLaunch && stall == null && plan.taskDefinition() == null) {
      // Some tasks run, the others cannot start: the revision they were pinned to is gone.
      stall = new Stall("ClientException", "TaskDefinition not found: " + task.getStatus().taskDefinitionArn + ".");
    }
    if (toLaunch && stall == null) {
      stall = launch(task, plan, podNames, recorded, taskPods, context.getClient()).orElse(null);
    }

    TaskContext taskContext = new TaskContext(settings.region(), settings.account(), plan.clusterName(),
        plan.taskDefinition() == null ? null : plan.taskDefinition().arn(), task.getSpec().startedBy,
        group(task), task.getSpec().launchType, null,
        StopCause.requested(StopCode.UserInitiated, null, null));
    EcsTaskStatusCalculator.Result result = EcsTaskStatusCalculator.compute(new EcsTaskStatusCalculator.Observation(
        task, taskContext, stall, plan.reports(), podNames, taskPods, settings.stoppedTaskRetention()), now);
    KubernetesEvents events = new KubernetesEvents(context.getClient(), clock);
    if (!sameStatus(result.status(), task.getStatus())) {
      EcsTask patch = StatusPatch.of(task, result.status(), EcsTask::new);
      // Patch and cache: the next reconcile must start from this status (it holds what the pods can no longer say).
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(task, patch, context);
      if (stall != null && !stall.equals(previousStall(task))) {
        events.warning(task, stall.reason(), stall.message());
      }
      for (TaskDescription stopped : result.newlyStopped()) {
        events.normal(task, "TaskStopped", stoppedMessage(stopped));
      }
    }
    // Only once the status holds what the pods said: deleting first could lose an exit code.
    for (String podName : result.podsToStop()) {
      delete(context.getClient(), taskPods.get(podName));
    }
    for (String podName : result.podsToCleanUp()) {
      delete(context.getClient(), taskPods.get(podName));
    }
    UpdateControl<EcsTask> control = UpdateControl.noUpdate();
    result.recheckAt().ifPresent(at -> control.rescheduleAfter(Duration.between(now, at).plusSeconds(1)));
    if (stall != null && POD_REFUSED.equals(stall.reason())) {
      // A quota freed or a policy changed sends no event here: try again.
      control.rescheduleAfter(POD_RETRY);
    }
    return control;
  }

  private Plan plan(EcsTask task, String namespace) {
    EcsTaskSpec spec = task.getSpec();
    String clusterName = Arns.clusterName(spec.cluster);
    Optional<EcsCluster> cluster = clusters.list(namespace, c -> clusterName.equals(clusterNameOf(c))).findFirst();
    EcsTaskStatus status = task.getStatus();
    String pinned = status == null || status.tasks == null ? null : status.taskDefinitionArn;
    Optional<TaskDefinitionReference> reference = TaskDefinitionReference.parse(pinned != null ? pinned
        : spec.taskDefinition);
    if (reference.isEmpty()) {
      return Plan.stalled(clusterName, "InvalidParameterException",
          "taskDefinition must be family, family:revision or a task definition ARN: " + spec.taskDefinition);
    }
    FamilyRevisions family = FamilyRevisions.of(reference.get().family(), revisions.list(namespace, r -> true).toList());
    Optional<FamilyRevisions.Revision> revision = reference.get().revision().isPresent()
        ? family.get(reference.get().revision().get()) : family.latestActive();
    if (cluster.isEmpty() && pinned == null) {
      return Plan.stalled(clusterName, "ClusterNotFoundException", "Cluster not found.");
    }
    if (revision.isEmpty()) {
      return pinned != null ? new Plan(clusterName, null, cluster.orElse(null), null, reportsOf(status))
          : Plan.stalled(clusterName, "ClientException", "TaskDefinition not found: " + reference.get() + ".");
    }
    RegisteredTaskDefinition td = FamilyRevisions.registered(family.family(), revision.get(), settings.region(),
        settings.account());
    if (!revision.get().active() && pinned == null) {
      return Plan.stalled(clusterName, "ClientException", "TaskDefinition is inactive: " + reference.get() + ".");
    }
    // Privileged containers, host namespaces, host paths and added capabilities only where the cluster allows them,
    // as for a service's tasks.
    List<String> providers = CapacityProviders.strategy(spec.launchType, spec.capacityProviderStrategy,
        cluster.map(EcsCluster::getSpec).orElse(null)).stream().map(i -> i.capacityProvider).toList();
    List<ValidationIssue> security = TaskSecurityPolicy.violations(cluster.map(EcsCluster::getSpec).orElse(null),
        TaskOverrides.apply(td.spec(), spec.overrides), providers);
    if (!security.isEmpty() && pinned == null) {
      return Plan.stalled(clusterName, "ClientException",
          security.stream().map(ValidationIssue::toString).collect(Collectors.joining("; ")));
    }
    List<String> errors = new ArrayList<>(TaskOverrides.errors(td.spec(), spec.overrides));
    errors.addAll(Placement.syntaxErrors(spec.placementConstraints));
    if (!errors.isEmpty() && pinned == null) {
      return Plan.stalled(clusterName, "InvalidParameterException", String.join("; ", errors));
    }
    // The first task's translation reports for all: every task runs the same revision and request.
    TranslationReport reports = new TranslationReport();
    reports.addAll(TaskPodTranslator.translate(podContext(task, clusterName, td, null, 0)).reports());
    return new Plan(clusterName, td, cluster.orElse(null), null, reports.entries());
  }

  /** Creates the pods of the tasks not started yet; a pod the API server refuses stalls the request. */
  private Optional<Stall> launch(EcsTask task, Plan plan, List<String> podNames, Set<String> recorded,
      Map<String, Pod> live, KubernetesClient client) {
    List<String> providers = providerPerTask(task, plan);
    boolean serviceAccountApplied = false;
    for (int i = 0; i < podNames.size(); i++) {
      if (recorded.contains(podNames.get(i)) || live.containsKey(podNames.get(i))) {
        continue;
      }
      CapacityPlacement placement = CapacityProviders.placement(providers.get(i),
          plan.cluster() == null ? null : plan.cluster().getSpec());
      TaskPodTranslator.Result pod = TaskPodTranslator.translate(podContext(task, plan.clusterName(),
          plan.taskDefinition(), placement, i));
      if (!serviceAccountApplied && pod.serviceAccount().isPresent()) {
        // Before the pods: the API server refuses a pod whose ServiceAccount does not exist.
        ServiceAccount serviceAccount = pod.serviceAccount().get();
        serviceAccount.getMetadata().setOwnerReferences(List.of(ownedBy(task)));
        client.resource(serviceAccount).fieldManager(ObjectWriter.FIELD_MANAGER).forceConflicts().serverSideApply();
        serviceAccountApplied = true;
      }
      Optional<String> refused = create(client, task, pod.pod());
      if (refused.isPresent()) {
        return Optional.of(new Stall(POD_REFUSED, "The API server refused the pod of task " + i + ": "
            + refused.get()));
      }
    }
    return Optional.empty();
  }

  /** The capacity provider of each task: the request's strategy split as ECS splits a service's tasks. */
  private static List<String> providerPerTask(EcsTask task, Plan plan) {
    List<CapacityProviderStrategyItem> strategy = CapacityProviders.strategy(task.getSpec().launchType,
        task.getSpec().capacityProviderStrategy, plan.cluster() == null ? null : plan.cluster().getSpec());
    List<String> providers = new ArrayList<>();
    CapacityProviderSplit.split(count(task), strategy).forEach((provider, n) -> {
      for (int k = 0; k < n; k++) {
        providers.add(provider);
      }
    });
    while (providers.size() < count(task)) {
      providers.add(strategy.get(0).capacityProvider);
    }
    return providers;
  }

  private TaskPodContext podContext(EcsTask task, String clusterName, RegisteredTaskDefinition td,
      CapacityPlacement placement, int index) {
    return new TaskPodContext(task.getMetadata().getName(), task.getMetadata().getNamespace(), clusterName,
        task.getSpec(), td, placement, index, settings.taskRoleBinding(), settings.account());
  }

  /** The API server's reason when it refuses the pod for good (admission, quota, validation), else empty. */
  private static Optional<String> create(KubernetesClient client, EcsTask task, Pod pod) {
    pod.getMetadata().setOwnerReferences(List.of(ownedBy(task)));
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // A pod the cache has not shown yet: the task runs already, and is never started twice.
        return Optional.empty();
      }
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN || e.getCode() == UNPROCESSABLE) {
        return Optional.of(e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
            : e.getMessage());
      }
      throw e;
    }
    return Optional.empty();
  }

  /** The EcsTask as controller: garbage collection deletes its pods and ServiceAccount with it. */
  private static OwnerReference ownedBy(EcsTask task) {
    return new OwnerReferenceBuilder()
        .withApiVersion(task.getApiVersion()).withKind(task.getKind())
        .withName(task.getMetadata().getName()).withUid(task.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  private static void delete(KubernetesClient client, Pod pod) {
    if (pod != null) {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
    }
  }

  private static String group(EcsTask task) {
    if (task.getSpec().group != null) {
      return task.getSpec().group;
    }
    Optional<TaskDefinitionReference> reference = TaskDefinitionReference.parse(task.getSpec().taskDefinition);
    return reference.map(r -> "family:" + r.family()).orElse(null);
  }

  static int count(EcsTask task) {
    return task.getSpec().count == null ? 1 : task.getSpec().count;
  }

  private static Set<String> recordedPods(EcsTask task) {
    Set<String> names = new HashSet<>();
    if (task.getStatus() != null && task.getStatus().tasks != null) {
      task.getStatus().tasks.forEach(t -> names.add(t.podName));
    }
    return names;
  }

  private static List<FieldReport> reportsOf(EcsTaskStatus status) {
    return status == null || status.fieldReports == null ? List.of() : status.fieldReports;
  }

  /** "(task ID) stopped: REASON (STOPCODE); container NAME exit code N, ...". */
  static String stoppedMessage(TaskDescription t) {
    String containers = t.containers == null ? "" : t.containers.stream()
        .filter(c -> c.exitCode != null)
        .map((TaskContainer c) -> "container " + c.name + " exit code " + c.exitCode)
        .collect(Collectors.joining(", "));
    return "(task " + EcsTaskStatusCalculator.shortId(t.taskArn) + ") stopped: " + t.stoppedReason + " ("
        + t.stopCode + ")" + (containers.isEmpty() ? "" : "; " + containers);
  }

  private static String clusterNameOf(EcsCluster c) {
    return c.getSpec() != null && c.getSpec().clusterName != null ? c.getSpec().clusterName : c.getMetadata().getName();
  }

  private static Stall previousStall(EcsTask task) {
    if (task.getStatus() == null || task.getStatus().conditions == null) {
      return null;
    }
    return task.getStatus().conditions.stream()
        .filter(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> new Stall(c.getReason(), c.getMessage())).findFirst().orElse(null);
  }

  private static boolean sameStatus(EcsTaskStatus a, EcsTaskStatus b) {
    return b != null && Serialization.asJson(a).equals(Serialization.asJson(b));
  }
}
