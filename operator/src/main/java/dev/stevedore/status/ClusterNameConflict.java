package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Two EcsClusters of one namespace that name the same ECS cluster. ECS has one cluster per name (CreateCluster on
 * an existing name returns that cluster), so the oldest object is the cluster, and among objects created in the
 * same second the first by name; a younger one is Stalled until the older one goes or one of them is renamed.
 * The rule looks only at the objects, so every reconcile of every one of them reaches the same answer. Pure.
 */
public final class ClusterNameConflict {
  public static final String REASON = "ClusterAlreadyExists";
  private static final Comparator<EcsCluster> OLDEST_FIRST = Comparator
      .comparing((EcsCluster c) -> Instant.parse(c.getMetadata().getCreationTimestamp()))
      .thenComparing(c -> c.getMetadata().getName());

  private ClusterNameConflict() {}

  /**
   * The older EcsCluster that holds {@code cluster}'s name, if there is one.
   *
   * @param cluster the one being reconciled
   * @param namespace every EcsCluster of its namespace (it may be among them)
   */
  public static Optional<EcsCluster> holder(EcsCluster cluster, Collection<EcsCluster> namespace) {
    String name = EcsCluster.clusterName(cluster);
    EcsCluster oldest = namespace.stream()
        .filter(other -> other.getMetadata().getDeletionTimestamp() == null)
        .filter(other -> name.equals(EcsCluster.clusterName(other)))
        .filter(other -> other.getMetadata().getCreationTimestamp() != null)
        .min(OLDEST_FIRST).orElse(cluster);
    return oldest.getMetadata().getName().equals(cluster.getMetadata().getName()) ? Optional.empty()
        : Optional.of(oldest);
  }

  public static String message(String clusterName, EcsCluster holder) {
    return "Cluster " + clusterName + " already exists: EcsCluster '" + holder.getMetadata().getName()
        + "' in this namespace is that cluster. This one is not used until that one is deleted or one of them names"
        + " another clusterName.";
  }

  /** The status of the younger object: not Ready, Stalled with the holder's name; no counts of its own. */
  public static EcsClusterStatus stalled(long generation, EcsClusterStatus previous, String clusterName,
                                         EcsCluster holder, Clock clock) {
    String message = message(clusterName, holder);
    EcsClusterStatus status = new EcsClusterStatus();
    status.observedGeneration = generation;
    status.status = "FAILED";
    Conditions c = new Conditions(previous == null ? null : previous.conditions, generation, clock.instant());
    c.set(Conditions.READY, false, REASON, message);
    c.set(Conditions.RECONCILING, false, REASON, message);
    c.set(Conditions.STALLED, true, REASON, message);
    status.conditions = c.build();
    return status;
  }

  /** True when {@code next} is stalled on a name conflict and {@code previous} was not: worth one Event. */
  public static boolean newlyStalled(EcsClusterStatus previous, EcsClusterStatus next) {
    return stalledOnName(next) && !stalledOnName(previous);
  }

  private static boolean stalledOnName(EcsClusterStatus status) {
    return status != null && status.conditions != null && status.conditions.stream()
        .anyMatch(c -> Conditions.STALLED.equals(c.getType()) && "True".equals(c.getStatus())
            && REASON.equals(c.getReason()));
  }
}
