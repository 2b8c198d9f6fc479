package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.ServiceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** ECS's service event sentences, and the newest-first list of at most 100 that status keeps. */
public final class ServiceEvents {
  public static final int LIMIT = 100;
  /** ECS repeats "steady state" about every six hours while a service stays steady. */
  public static final Duration STEADY_STATE_REPEAT = Duration.ofHours(6);

  private final List<ServiceEvent> previous;
  private final List<ServiceEvent> added = new ArrayList<>();
  private final String serviceUid;
  private final Instant now;

  public ServiceEvents(List<ServiceEvent> previous, String serviceUid, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.serviceUid = serviceUid;
    this.now = now;
  }

  /**
   * Whether an event is also recorded as a Kubernetes Event: the milestones and problems of a deployment, not the
   * task starts and stops (the ReplicaSet's SuccessfulCreate and SuccessfulDelete and the Deployment's
   * ScalingReplicaSet already record those) nor "steady state", which follows every "deployment completed" and which
   * the Stable condition tells. Status keeps every event either way, as DescribeServices does. At 1000 services this
   * is 5 of a service's 7 event writes through creation and a rollout, each a write the API server stores for an
   * hour.
   */
  public static boolean recordedAsKubernetesEvent(String message) {
    return !(reportsTaskProgress(message) || STEADY_STATE.matcher(message).matches());
  }

  /** Whether the event says that tasks started ("has started 2 tasks: ...") or stopped ("has stopped 1 ..."). */
  public static boolean reportsTaskProgress(String message) {
    return TASK_PROGRESS.matcher(message).matches();
  }

  private static final Pattern TASK_PROGRESS = Pattern.compile(
      "\\(service [^)]*\\) has (started|stopped) \\d+ (running )?tasks[.:].*", Pattern.DOTALL);
  private static final Pattern STEADY_STATE = Pattern.compile("\\(service [^)]*\\) has reached a steady state\\.");

  public static String steadyState(String service) {
    return "(service " + service + ") has reached a steady state.";
  }

  public static String startedTasks(String service, int count, List<String> taskIds) {
    StringBuilder s = new StringBuilder("(service " + service + ") has started " + count + " tasks");
    if (!taskIds.isEmpty()) {
      s.append(":");
      taskIds.forEach(id -> s.append(" (task ").append(id).append(")"));
    }
    return s.append(".").toString();
  }

  public static String stoppedTasks(String service, int count) {
    return "(service " + service + ") has stopped " + count + " running tasks.";
  }

  public static String deploymentCompleted(String service, String deploymentId) {
    return "(service " + service + ") (deployment " + deploymentId + ") deployment completed.";
  }

  public static String deploymentFailed(String service, String deploymentId) {
    return "(service " + service + ") (deployment " + deploymentId + ") deployment failed: tasks failed to start.";
  }

  /** A Stevedore extension's sentence, in ECS's voice: the deployment waits for its pre-deploy task. */
  public static String preDeployTaskRunning(String service, String task, String deploymentId) {
    return "(service " + service + ") is running pre-deploy task " + task + " for deployment " + deploymentId + ".";
  }

  public static String preDeployTaskSucceeded(String service, String task, String deploymentId) {
    return "(service " + service + ") pre-deploy task " + task + " for deployment " + deploymentId + " succeeded.";
  }

  public static String preDeployTaskFailed(String service, String deploymentId, String task, String reason) {
    return "(service " + service + ") (deployment " + deploymentId + ") deployment failed: pre-deploy task " + task
        + " failed: " + reason + (reason.endsWith(".") ? "" : ".");
  }

  public static String rollingBack(String service, String deploymentId) {
    return "(service " + service + ") rolling back to deployment " + deploymentId + ".";
  }

  public static String unableToConsistentlyStartTasks(String service) {
    return "(service " + service + ") is unable to consistently start tasks successfully.";
  }

  public static String deploymentConfigurationStuck(String service) {
    return "(service " + service + ") was unable to stop or start tasks during a deployment because of the service"
        + " deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.";
  }

  /** The API server refuses the task's pod: ECS says a task failed to start, with the reason. */
  public static String unableToStart(String service, String reason) {
    return "(service " + service + ") was unable to start a task: the Kubernetes API server refused it. Reason: "
        + reason.strip();
  }

  public static String unableToPlace(String service, String reason) {
    return "(service " + service + ") was unable to place a task because no container instance met all of its"
        + " requirements." + (reason == null || reason.isBlank() ? "" : " Reason: " + reason.strip());
  }

  /** Adds the sentence unless it is already the newest one. */
  public void add(String message) {
    if (!message.equals(newestMessage())) {
      append(message);
    }
  }

  /**
   * Adds a sentence that reports something that happened (tasks started or stopped), even when the newest one
   * reads the same: two rollout steps that each stop two tasks are two events, not one repeated state.
   */
  public void occurred(String message) {
    append(message);
  }

  /** The service is steady: say so once, and again when the last time is six hours old. */
  public void steady(String service) {
    String message = steadyState(service);
    boolean saidRecently = previous.stream().filter(e -> message.equals(e.message)).findFirst()
        .map(e -> Duration.between(Instant.parse(e.createdAt), now).compareTo(STEADY_STATE_REPEAT) < 0)
        .orElse(false);
    if (!saidRecently || !message.equals(newestMessage())) {
      if (added.stream().noneMatch(e -> message.equals(e.message))) {
        append(message);
      }
    }
  }

  private String newestMessage() {
    if (!added.isEmpty()) {
      return added.get(added.size() - 1).message;
    }
    return previous.isEmpty() ? null : previous.get(0).message;
  }

  private void append(String message) {
    ServiceEvent event = new ServiceEvent();
    event.id = UUID.nameUUIDFromBytes((serviceUid + "|" + now + "|" + message).getBytes(StandardCharsets.UTF_8)).toString();
    event.createdAt = now.toString();
    event.message = message;
    added.add(event);
  }

  /** The events added by this computation, oldest first (for Kubernetes Events). */
  public List<ServiceEvent> added() {
    return List.copyOf(added);
  }

  /** Newest first, at most 100. */
  public List<ServiceEvent> all() {
    List<ServiceEvent> all = new ArrayList<>();
    for (int i = added.size() - 1; i >= 0; i--) {
      all.add(added.get(i));
    }
    all.addAll(previous);
    return List.copyOf(all.subList(0, Math.min(LIMIT, all.size())));
  }
}
