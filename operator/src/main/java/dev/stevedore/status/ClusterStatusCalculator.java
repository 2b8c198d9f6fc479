package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.EcsClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An EcsCluster's status in DescribeClusters' shape, from what the reconciler counted. Pure: the same observation,
 * previous status and clock give an equal status, so a cluster whose counts did not move writes nothing.
 */
public final class ClusterStatusCalculator {
  public static final String ACTIVE = "ACTIVE";
  public static final String REASON_ACTIVE = "Active";
  public static final String REASON_RECONCILED = "Reconciled";
  public static final String REASON_ERROR = "ReconcileError";

  /**
   * A capacity provider of the cluster and the nodes it reaches.
   *
   * @param name the provider
   * @param defined built in, or defined by the cluster's capacityProviderDefinitions
   * @param nodes nodes it matches
   */
  public record Provider(String name, boolean defined, int nodes) {}

  /**
   * What the cluster reconciler saw.
   *
   * @param generation the cluster's metadata.generation
   * @param clusterArn ARN-shaped id
   * @param activeServices services naming the cluster that are not being deleted
   * @param tasks running and pending tasks of the cluster
   * @param instances nodes at least one provider matches
   * @param providers every provider of the cluster, in a stable order
   */
  public record Observation(long generation, String clusterArn, int activeServices, ClusterInstances.Tasks tasks,
                            int instances, List<Provider> providers) {}

  private ClusterStatusCalculator() {}

  public static EcsClusterStatus compute(Observation o, EcsClusterStatus previous, Clock clock) {
    EcsClusterStatus status = new EcsClusterStatus();
    status.observedGeneration = o.generation();
    status.clusterArn = o.clusterArn();
    status.status = ACTIVE;
    status.activeServicesCount = o.activeServices();
    status.runningTasksCount = o.tasks().running();
    status.pendingTasksCount = o.tasks().pending();
    status.registeredContainerInstancesCount = o.instances();
    Conditions c = new Conditions(previous == null ? null : previous.conditions, o.generation(), clock.instant());
    c.set(Conditions.READY, true, REASON_ACTIVE, readyMessage(o));
    c.set(Conditions.RECONCILING, false, REASON_RECONCILED, "");
    c.set(Conditions.STALLED, false, REASON_RECONCILED, "");
    status.conditions = c.build();
    return status;
  }

  /** The status of a reconcile that failed: the counts of before, Ready False with the error. */
  public static EcsClusterStatus failed(long generation, EcsClusterStatus previous, String error, Clock clock) {
    EcsClusterStatus status = new EcsClusterStatus();
    if (previous != null) {
      status.clusterArn = previous.clusterArn;
      status.activeServicesCount = previous.activeServicesCount;
      status.runningTasksCount = previous.runningTasksCount;
      status.pendingTasksCount = previous.pendingTasksCount;
      status.registeredContainerInstancesCount = previous.registeredContainerInstancesCount;
      status.observedGeneration = previous.observedGeneration;
    }
    status.status = ACTIVE;
    Conditions c = new Conditions(previous == null ? null : previous.conditions, generation, clock.instant());
    c.set(Conditions.READY, false, REASON_ERROR, error);
    c.set(Conditions.RECONCILING, true, REASON_ERROR, error);
    c.set(Conditions.STALLED, false, REASON_ERROR, error);
    status.conditions = c.build();
    return status;
  }

  /**
   * What is worth a warning: providers that reach no node (their tasks stay pending) and providers the cluster
   * names without defining them (their tasks run on any untainted node).
   */
  public static List<String> warnings(Observation o) {
    List<String> warnings = new ArrayList<>();
    for (Provider p : o.providers()) {
      if (!p.defined()) {
        warnings.add("capacity provider " + p.name() + " has no entry in capacityProviderDefinitions: its tasks run"
            + " on any node without a NoSchedule taint");
      } else if (p.nodes() == 0) {
        warnings.add("capacity provider " + p.name() + " matches no node: its tasks stay pending");
      }
    }
    return warnings;
  }

  /** Warnings of {@code o} that the previous Ready message did not carry yet: each is an Event once. */
  public static List<String> newWarnings(Observation o, EcsClusterStatus previous) {
    String before = previous == null || previous.conditions == null ? "" : previous.conditions.stream()
        .filter(c -> Conditions.READY.equals(c.getType())).map(Condition::getMessage).filter(Objects::nonNull)
        .findFirst().orElse("");
    return warnings(o).stream().filter(w -> !before.contains(w)).toList();
  }

  private static String readyMessage(Observation o) {
    String providers = o.providers().stream().map(p -> p.name() + " " + p.nodes())
        .collect(Collectors.joining(", "));
    StringBuilder m = new StringBuilder(ACTIVE + ": " + o.instances() + " container instances (nodes per capacity"
        + " provider: " + providers + ")");
    for (String w : warnings(o)) {
      m.append("; ").append(w);
    }
    return m.toString();
  }
}
