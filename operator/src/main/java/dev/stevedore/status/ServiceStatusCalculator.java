package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's status in DescribeServices' shape, computed from what runs. Pure: the same observation, previous
 * status and clock give the same status, so an unchanged service writes nothing.
 */
public final class ServiceStatusCalculator {
  public static final String PRIMARY = "PRIMARY";
  public static final String ACTIVE = "ACTIVE";
  public static final String IN_PROGRESS = "IN_PROGRESS";
  public static final String COMPLETED = "COMPLETED";
  /** Stable=False reason after a circuit-breaker rollback (Argo CD's health check reads it). */
  public static final String ROLLED_BACK = "RolledBack";
  /** Reason of a deployment the circuit breaker failed without a rollback. */
  public static final String DEPLOYMENT_FAILED = "DeploymentFailed";
  /** The Stalled reason when the API server refuses the service's pods (Pod Security Admission, quota, webhook). */
  public static final String TASKS_REFUSED = "TasksRefused";
  private static final String RETRY = "The spec's deployment is not retried until the spec names another task"
      + " definition revision or forces a new deployment.";

  /** The new status and the events it added (for Kubernetes Events). */
  public record Result(EcsServiceStatus status, List<ServiceEvent> newEvents) {}

  private ServiceStatusCalculator() {}

  public static Result compute(ServiceObservation o, Clock clock) {
    EcsService svc = o.service();
    Instant now = clock.instant();
    EcsServiceStatus previous = svc.getStatus() == null ? new EcsServiceStatus() : svc.getStatus();
    long generation = svc.getMetadata().getGeneration() == null ? 0 : svc.getMetadata().getGeneration();
    ServiceEvents events = new ServiceEvents(previous.events, svc.getMetadata().getUid(), now);

    RollbackDecision.Decision breaker = o.breaker() == null ? RollbackDecision.unresolved(previous) : o.breaker();
    Map<String, Group> groups = groups(o);
    String desiredKey = key(o.taskDefinitionArn(), o.restartedAt());
    Group primary = o.taskDefinitionArn() == null ? newestGroup(groups) : groups.computeIfAbsent(desiredKey,
        k -> new Group(o.taskDefinitionArn(), o.restartedAt()));
    boolean workloadsSettled = workloadsSettled(o);
    PreDeployGate.Decision gate = o.gate() == null ? PreDeployGate.unresolved(previous) : o.gate();
    List<ServiceDeployment> deployments = new ArrayList<>();
    int running = 0;
    int pending = 0;
    ServiceDeployment primaryDeployment = null;
    boolean completedNow = false;
    if (primary != null) {
      primary.desired = o.daemon() ? primary.desired : o.desiredCount();
      primaryDeployment = deployment(o, primary, PRIMARY, previous, now);
      boolean othersRunning = groups.values().stream().anyMatch(g -> g != primary && g.total() > 0);
      boolean gated = gate.gates(primaryDeployment.id);
      boolean complete = o.stall() == null && !gated && !othersRunning && workloadsSettled
          && primary.running == o.desiredCount() && primary.total() == o.desiredCount();
      ServiceDeployment before = previousDeployment(previous, primaryDeployment.id);
      // Only a deployment that stayed PRIMARY stays completed: one that becomes PRIMARY again (a rollback, or a
      // spec that goes back to it) is a new deployment, which ECS reports in progress until it completes again.
      boolean wasComplete = before != null && PRIMARY.equals(before.status) && COMPLETED.equals(before.rolloutState);
      primaryDeployment.rolloutState = complete || (wasComplete && !othersRunning) ? COMPLETED : IN_PROGRESS;
      primaryDeployment.rolloutStateReason = "ECS deployment " + primaryDeployment.id
          + (COMPLETED.equals(primaryDeployment.rolloutState) ? " completed." : " in progress.");
      if (gated) {
        // Not started: the pre-deploy task holds it, or failed it.
        primaryDeployment.rolloutState = gate.gate() == PreDeployGate.Gate.FAILED ? RollbackDecision.FAILED
            : IN_PROGRESS;
        primaryDeployment.rolloutStateReason = gate.rolloutStateReason();
      }
      failed(primaryDeployment, breaker);
      deployments.add(primaryDeployment);
      completedNow = COMPLETED.equals(primaryDeployment.rolloutState) && !wasComplete;
    }
    for (Group g : groups.values()) {
      if (g != primary && g.total() > 0) {
        ServiceDeployment d = deployment(o, g, ACTIVE, previous, now);
        deployments.add(d);
      }
    }
    String rolledBackFrom = breaker.rollback() == null ? null : breaker.rollback().failedDeploymentId;
    if (!deployments.isEmpty()) {
      deployments = DeploymentHistory.merge(previous.deployments, deployments, rolledBackFrom, now);
    }
    for (ServiceDeployment d : deployments) {
      failed(d, breaker);
      updated(d, previousDeployment(previous, d.id), now);
    }
    for (ServiceDeployment d : deployments) {
      running += d.runningCount;
      pending += d.pendingCount;
    }
    taskEvents(o, previous, deployments, groups, events);
    breakerEvents(o, previous, breaker, events);
    gate.events().forEach(events::add);
    if (completedNow) {
      events.add(ServiceEvents.deploymentCompleted(o.serviceName(), primaryDeployment.id));
    }
    if (o.stuck() && primary != null && primary.total() < o.desiredCount()) {
      events.add(ServiceEvents.deploymentConfigurationStuck(o.serviceName()));
    }
    o.reverted().forEach(events::occurred);
    unplaceable(o.pods()).ifPresent(reason -> events.add(ServiceEvents.unableToPlace(o.serviceName(), reason)));
    refusedTasks(o.replicaSets()).ifPresent(reason -> events.add(ServiceEvents.unableToStart(o.serviceName(), reason)));

    boolean completed = primaryDeployment != null && COMPLETED.equals(primaryDeployment.rolloutState);
    boolean steady = o.stall() == null && completed && running == o.desiredCount() && pending == 0;
    if (steady) {
      events.steady(o.serviceName());
    }

    EcsServiceStatus status = new EcsServiceStatus();
    status.observedGeneration = generation;
    status.serviceArn = previous.serviceArn;
    status.status = "ACTIVE";
    status.desiredCount = o.desiredCount();
    status.runningCount = running;
    status.pendingCount = pending;
    status.taskDefinition = o.taskDefinitionArn() != null ? o.taskDefinitionArn() : previous.taskDefinition;
    status.deployments = deployments.isEmpty() ? null : deployments;
    status.events = events.all().isEmpty() ? null : events.all();
    status.selector = o.selector();
    status.fieldReports = o.reports() == null || o.reports().isEmpty() ? null : o.reports();
    status.rollback = breaker.rollback();
    status.preDeployTask = gate.record();
    status.conditions = conditions(o, previous, generation, now, steady, completed, running, primaryDeployment, breaker,
        gate);
    return new Result(status, events.added());
  }

  /** The spec's deployment, when the circuit breaker failed it: FAILED, with ECS's reason and its failed tasks. */
  private static void failed(ServiceDeployment d, RollbackDecision.Decision breaker) {
    if (breaker.deploymentId() == null || !breaker.deploymentId().equals(d.id)) {
      return;
    }
    d.failedTasks = breaker.failedTasks();
    if (breaker.action() != RollbackDecision.Action.NONE) {
      d.rolloutState = RollbackDecision.FAILED;
      d.rolloutStateReason = breaker.failedReason();
    }
  }

  /** updatedAt moves only when something a client reads of the deployment changed. */
  private static void updated(ServiceDeployment d, ServiceDeployment before, Instant now) {
    boolean unchanged = before != null && before.updatedAt != null
        && Objects.equals(before.status, d.status) && Objects.equals(before.runningCount, d.runningCount)
        && Objects.equals(before.pendingCount, d.pendingCount) && Objects.equals(before.desiredCount, d.desiredCount)
        && Objects.equals(before.failedTasks, d.failedTasks) && Objects.equals(before.rolloutState, d.rolloutState);
    d.updatedAt = unchanged ? before.updatedAt : now.toString();
  }

  /** ECS's sentences for a deployment the breaker failed, the rollback, and repeated failures without a breaker. */
  private static void breakerEvents(ServiceObservation o, EcsServiceStatus previous, RollbackDecision.Decision breaker,
      ServiceEvents events) {
    String id = breaker.deploymentId();
    if (id == null) {
      return;
    }
    boolean rolledBackBefore = previous.rollback != null && id.equals(previous.rollback.failedDeploymentId);
    ServiceDeployment before = previousDeployment(previous, id);
    boolean primaryBefore = before != null && PRIMARY.equals(before.status);
    boolean failedBefore = rolledBackBefore || (primaryBefore && RollbackDecision.FAILED.equals(before.rolloutState));
    if (breaker.action() != RollbackDecision.Action.NONE && !failedBefore) {
      events.add(ServiceEvents.deploymentFailed(o.serviceName(), id));
    }
    if (breaker.action() == RollbackDecision.Action.ROLLBACK && !rolledBackBefore) {
      events.add(ServiceEvents.rollingBack(o.serviceName(), breaker.rollback().deploymentId));
    }
    if (breaker.breaker() == RollbackDecision.Breaker.DISABLED && breaker.threshold() > 0) {
      int failedBeforeCount = primaryBefore && before.failedTasks != null ? before.failedTasks : 0;
      if (failedBeforeCount < breaker.threshold() && breaker.failedTasks() >= breaker.threshold()) {
        events.add(ServiceEvents.unableToConsistentlyStartTasks(o.serviceName()));
      }
    }
  }

  private static List<io.fabric8.kubernetes.api.model.Condition> conditions(ServiceObservation o,
      EcsServiceStatus previous, long generation, Instant now, boolean steady, boolean completed, int running,
      ServiceDeployment primary, RollbackDecision.Decision breaker, PreDeployGate.Decision gate) {
    Conditions c = new Conditions(previous.conditions, generation, now);
    if (o.stall() != null) {
      c.set(Conditions.READY, false, o.stall().reason(), o.stall().message());
      c.set(Conditions.RECONCILING, false, o.stall().reason(), o.stall().message());
      c.set(Conditions.STALLED, true, o.stall().reason(), o.stall().message());
      c.set(Conditions.STABLE, false, o.stall().reason(), o.stall().message());
      return c.build();
    }
    boolean gated = primary != null && gate.gates(primary.id);
    if (gated && gate.gate() == PreDeployGate.Gate.FAILED) {
      String message = ServiceEvents.preDeployTaskFailed(o.serviceName(), primary.id, gate.record().ecsTask,
          gate.record().reason) + " The tasks that ran before keep running. " + RETRY;
      c.set(Conditions.READY, false, PreDeployGate.FAILED_REASON, message);
      c.set(Conditions.RECONCILING, false, PreDeployGate.FAILED_REASON, message);
      c.set(Conditions.STALLED, true, PreDeployGate.FAILED_REASON, message);
      c.set(Conditions.STABLE, false, PreDeployGate.FAILED_REASON, message);
      return c.build();
    }
    Optional<String> refused = refusedTasks(o.replicaSets());
    if (refused.isPresent()) {
      // Pod Security Admission, a quota or a webhook refuses the tasks themselves: nothing starts until the task
      // definition, the service or the namespace changes, so the service is stalled, with the API server's reason.
      String message = ServiceEvents.unableToStart(o.serviceName(), refused.get());
      c.set(Conditions.READY, false, TASKS_REFUSED, message);
      c.set(Conditions.RECONCILING, false, TASKS_REFUSED, message);
      c.set(Conditions.STALLED, true, TASKS_REFUSED, message);
      c.set(Conditions.STABLE, false, TASKS_REFUSED, message);
      return c.build();
    }
    if (o.stuck() && !completed) {
      String message = ServiceEvents.deploymentConfigurationStuck(o.serviceName());
      c.set(Conditions.READY, false, "DeploymentConfigurationStuck", message);
      c.set(Conditions.RECONCILING, false, "DeploymentConfigurationStuck", message);
      c.set(Conditions.STALLED, true, "DeploymentConfigurationStuck", message);
      c.set(Conditions.STABLE, false, "DeploymentConfigurationStuck", message);
      return c.build();
    }
    if (breaker.action() == RollbackDecision.Action.HALT) {
      String message = ServiceEvents.deploymentFailed(o.serviceName(), breaker.deploymentId()) + " "
          + breaker.failedTasks() + " tasks failed (threshold " + breaker.threshold() + "); no more tasks are"
          + " launched and the tasks that run keep running. " + RETRY;
      c.set(Conditions.READY, false, DEPLOYMENT_FAILED, message);
      c.set(Conditions.RECONCILING, false, DEPLOYMENT_FAILED, message);
      c.set(Conditions.STALLED, true, DEPLOYMENT_FAILED, message);
      c.set(Conditions.STABLE, false, DEPLOYMENT_FAILED, message);
      return c.build();
    }
    String progress = primary == null ? "no deployment yet"
        : primary.rolloutStateReason + " " + running + " of " + o.desiredCount() + " tasks running.";
    String inProgress = gated ? PreDeployGate.RUNNING_REASON : "RolloutInProgress";
    c.set(Conditions.READY, steady, steady ? "SteadyState" : inProgress,
        steady ? ServiceEvents.steadyState(o.serviceName()) : progress);
    c.set(Conditions.RECONCILING, !steady, steady ? "SteadyState" : inProgress, steady ? "" : progress);
    c.set(Conditions.STALLED, false, "Reconciled", "");
    if (breaker.action() == RollbackDecision.Action.ROLLBACK) {
      // Running the last good revision is not what the spec asks for: never Stable, so waiting tells the truth.
      var r = breaker.rollback();
      c.set(Conditions.STABLE, false, ROLLED_BACK, "The deployment circuit breaker rolled back from "
          + r.failedTaskDefinition + " (deployment " + r.failedDeploymentId + ", " + breaker.failedTasks()
          + " failed tasks) to " + r.taskDefinition + " (deployment " + r.deploymentId + "). " + RETRY);
      return c.build();
    }
    c.set(Conditions.STABLE, steady, steady ? "DeploymentCompleted" : inProgress,
        steady ? "the primary deployment completed at " + primary.taskDefinition : progress);
    return c.build();
  }

  private static void taskEvents(ServiceObservation o, EcsServiceStatus previous, List<ServiceDeployment> now,
      Map<String, Group> groups, ServiceEvents events) {
    int started = 0;
    int stopped = 0;
    List<String> startedIds = new ArrayList<>();
    // The count comes from ReplicaSet status and the ids from the pod cache, which can lag behind it (and creation
    // times tie within a second): never name a task that an earlier event already named as started.
    Set<String> named = startedTaskIds(previous.events);
    for (ServiceDeployment d : now) {
      ServiceDeployment before = previousDeployment(previous, d.id);
      int beforeTasks = before == null ? 0 : before.runningCount + before.pendingCount;
      int tasks = d.runningCount + d.pendingCount;
      if (tasks > beforeTasks) {
        started += tasks - beforeTasks;
        Group g = groups.values().stream().filter(x -> x.id(o).equals(d.id)).findFirst().orElse(null);
        if (g != null) {
          g.pods.stream().filter(p -> !named.contains(taskId(p)))
              .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).reversed()
              .thenComparing(p -> p.getMetadata().getName()))
              .limit(tasks - beforeTasks).forEach(p -> startedIds.add(taskId(p)));
        }
      } else if (tasks < beforeTasks) {
        stopped += beforeTasks - tasks;
      }
    }
    if (previous.deployments != null) {
      for (ServiceDeployment before : previous.deployments) {
        if (now.stream().noneMatch(d -> d.id.equals(before.id))) {
          stopped += before.runningCount + before.pendingCount;
        }
      }
    }
    if (stopped > 0) {
      events.occurred(ServiceEvents.stoppedTasks(o.serviceName(), stopped));
    }
    if (started > 0) {
      events.occurred(ServiceEvents.startedTasks(o.serviceName(), started, startedIds.stream().sorted().toList()));
    }
  }

  private static final Pattern TASK_ID = Pattern.compile("\\(task ([0-9a-z-]+)\\)");

  /** Ids of the tasks that "has started" events already name. */
  private static Set<String> startedTaskIds(List<ServiceEvent> events) {
    Set<String> ids = new HashSet<>();
    if (events != null) {
      for (ServiceEvent e : events) {
        if (e.message != null && e.message.contains(" has started ")) {
          Matcher m = TASK_ID.matcher(e.message);
          while (m.find()) {
            ids.add(m.group(1));
          }
        }
      }
    }
    return ids;
  }

  /**
   * Why the API server refuses to create the service's pods, as the ReplicaSet controller reports it (condition
   * ReplicaFailure, reason FailedCreate): "pods ... is forbidden: violates PodSecurity ...", an exceeded quota,
   * a webhook's denial. Only for ReplicaSets that still want pods.
   */
  private static Optional<String> refusedTasks(List<ReplicaSet> replicaSets) {
    return replicaSets.stream()
        .filter(rs -> rs.getSpec() != null && rs.getSpec().getReplicas() != null && rs.getSpec().getReplicas() > 0)
        .filter(rs -> rs.getStatus() != null && rs.getStatus().getConditions() != null)
        .flatMap(rs -> rs.getStatus().getConditions().stream())
        .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())
            && "FailedCreate".equals(c.getReason()))
        .map(c -> c.getMessage()).filter(Objects::nonNull).sorted().findFirst();
  }

  private static Optional<String> unplaceable(List<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getStatus() != null && "Pending".equals(p.getStatus().getPhase()))
        .flatMap(p -> p.getStatus().getConditions() == null ? java.util.stream.Stream.<PodCondition>empty()
            : p.getStatus().getConditions().stream())
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
            && "Unschedulable".equals(c.getReason()))
        .map(PodCondition::getMessage).filter(Objects::nonNull).sorted().findFirst();
  }

  private static ServiceDeployment deployment(ServiceObservation o, Group g, String status,
      EcsServiceStatus previous, Instant now) {
    ServiceDeployment d = new ServiceDeployment();
    d.id = g.id(o);
    d.status = status;
    d.taskDefinition = g.taskDefinitionArn;
    d.desiredCount = PRIMARY.equals(status) ? g.desired : g.total();
    d.runningCount = g.running;
    d.pendingCount = g.total() - g.running;
    String launchType = o.service().getSpec().launchType;
    d.launchType = launchType == null || launchType.isEmpty() ? null : launchType;
    d.restartedAt = g.restartedAt;
    ServiceDeployment before = previousDeployment(previous, d.id);
    // Counted by the circuit breaker while the deployment is the spec's; otherwise what was counted stays.
    d.failedTasks = before != null && before.failedTasks != null ? before.failedTasks : 0;
    d.createdAt = before != null ? before.createdAt : g.createdAt != null ? g.createdAt : now.toString();
    if (ACTIVE.equals(status)) {
      d.rolloutState = before != null ? before.rolloutState : COMPLETED;
      d.rolloutStateReason = before != null ? before.rolloutStateReason : null;
    }
    return d;
  }

  private static ServiceDeployment previousDeployment(EcsServiceStatus previous, String id) {
    return previous.deployments == null ? null
        : previous.deployments.stream().filter(d -> id.equals(d.id)).findFirst().orElse(null);
  }

  /** Tasks grouped by what they run: task definition revision and forceNewDeployment token. */
  private static Map<String, Group> groups(ServiceObservation o) {
    Map<String, Group> groups = new LinkedHashMap<>();
    if (o.daemon()) {
      for (DaemonSet ds : o.daemonSets()) {
        Group g = group(groups, ds.getSpec().getTemplate());
        if (ds.getStatus() != null && ds.getStatus().getDesiredNumberScheduled() != null) {
          g.desired += ds.getStatus().getDesiredNumberScheduled();
        }
      }
      for (Pod p : o.pods()) {
        if (p.getMetadata().getDeletionTimestamp() == null) {
          Group g = group(groups, p.getMetadata().getAnnotations());
          g.pods.add(p);
          g.tasks++;
          if (ready(p)) {
            g.running++;
          }
          g.earliest(p.getMetadata().getCreationTimestamp());
        }
      }
      return groups;
    }
    for (ReplicaSet rs : o.replicaSets()) {
      Group g = group(groups, rs.getSpec().getTemplate());
      var s = rs.getStatus();
      int replicas = s == null || s.getReplicas() == null ? 0 : s.getReplicas();
      int ready = s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas();
      g.tasks += replicas;
      g.running += Math.min(ready, replicas);
      g.earliest(rs.getMetadata().getCreationTimestamp());
    }
    for (Pod p : o.pods()) {
      if (p.getMetadata().getDeletionTimestamp() == null) {
        group(groups, p.getMetadata().getAnnotations()).pods.add(p);
      }
    }
    return groups;
  }

  private static Group group(Map<String, Group> groups, PodTemplateSpec template) {
    return group(groups, template.getMetadata() == null ? null : template.getMetadata().getAnnotations());
  }

  private static Group group(Map<String, Group> groups, Map<String, String> annotations) {
    String arn = annotations == null ? null : annotations.get(Labels.TASK_DEFINITION_ANNOTATION);
    String restartedAt = annotations == null ? null : annotations.get(Labels.RESTARTED_AT_ANNOTATION);
    return groups.computeIfAbsent(key(arn, restartedAt), k -> new Group(arn, restartedAt));
  }

  private static Group newestGroup(Map<String, Group> groups) {
    return groups.values().stream().max(Comparator.comparing(g -> g.createdAt == null ? "" : g.createdAt)).orElse(null);
  }

  private static String key(String arn, String restartedAt) {
    return arn + "|" + (restartedAt == null ? "" : restartedAt);
  }

  private static boolean workloadsSettled(ServiceObservation o) {
    if (o.daemon()) {
      return !o.daemonSets().isEmpty() && o.daemonSets().stream().allMatch(ds -> ds.getStatus() != null
          && Objects.equals(ds.getStatus().getObservedGeneration(), ds.getMetadata().getGeneration())
          && Objects.equals(ds.getStatus().getUpdatedNumberScheduled(), ds.getStatus().getDesiredNumberScheduled())
          && Objects.equals(ds.getStatus().getNumberAvailable(), ds.getStatus().getDesiredNumberScheduled()));
    }
    return !o.deployments().isEmpty() && o.deployments().stream().allMatch(d -> d.getStatus() != null
        && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
        && Objects.equals(nz(d.getStatus().getUpdatedReplicas()), nz(d.getSpec().getReplicas()))
        && Objects.equals(nz(d.getStatus().getAvailableReplicas()), nz(d.getSpec().getReplicas()))
        && Objects.equals(nz(d.getStatus().getReplicas()), nz(d.getSpec().getReplicas())));
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** ECS task ids are 32 hex digits; a pod's uid without dashes has that shape. */
  static String taskId(HasMetadata pod) {
    String uid = pod.getMetadata().getUid();
    return uid == null ? pod.getMetadata().getName() : uid.replace("-", "");
  }

  /** ecs-svc/ and 19 digits, stable for a service, revision and forceNewDeployment token. */
  public static String deploymentId(String serviceUid, String arn, String restartedAt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((serviceUid + "|" + key(arn, restartedAt)).getBytes(StandardCharsets.UTF_8));
      String digits = new BigInteger(1, digest).toString();
      return "ecs-svc/" + digits.substring(0, 19);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Group {
    final String taskDefinitionArn;
    final String restartedAt;
    final List<Pod> pods = new ArrayList<>();
    int tasks;
    int running;
    int desired;
    String createdAt;

    Group(String taskDefinitionArn, String restartedAt) {
      this.taskDefinitionArn = taskDefinitionArn;
      this.restartedAt = restartedAt;
    }

    int total() {
      return tasks;
    }

    String id(ServiceObservation o) {
      return deploymentId(o.service().getMetadata().getUid(), taskDefinitionArn, restartedAt);
    }

    void earliest(String timestamp) {
      if (timestamp != null && (createdAt == null || timestamp.compareTo(createdAt) < 0)) {
        createdAt = timestamp;
      }
    }
  }
}
