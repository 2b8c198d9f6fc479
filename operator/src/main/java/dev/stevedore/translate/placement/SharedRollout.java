package dev.stevedore.translate.placement;

import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.translate.RollingUpdateBounds;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * One min/max budget for the per-provider Deployments of a service (ARCHITECTURE.md §4.7).
 *
 * <p>ECS bounds the whole service: during a deployment at most U = floor(d*max/100) tasks run or start and at
 * least L = ceil(d*min/100) stay healthy. Kubernetes bounds each Deployment i separately: pods_i &lt;= r_i +
 * maxSurge_i and available_i &gt;= r_i - maxUnavailable_i. Summed over the providers, the service keeps ECS's
 * bounds exactly when the Deployments' maxSurge add up to at most U - d and their maxUnavailable to at most d - L.
 * Giving each Deployment the bounds of its own share instead is safe but can stall a service ECS would roll
 * (d=10, min 90, max 110 split 4+6: each share alone rounds to 0/0, the service as a whole may move one task).
 *
 * <p>So the service's budget (U - d surge, d - L unavailable) is dealt out in units, in strategy order:
 * <ol>
 *   <li>Each Deployment with tasks gets one unit, surge first (start before stop, as ECS does when U &gt; d), so
 *       as many as possible can move at once.</li>
 *   <li>The rest goes one unit at a time to the Deployment with the smallest units per replica, at most its
 *       replica count, ties in order: proportional to the split.</li>
 * </ol>
 * When the budget has a unit for every Deployment (the usual case), that is the whole allocation: it depends on
 * the desired count and the percentages only, so it does not change while tasks start and stop, and scaling
 * writes nothing but replicas.
 *
 * <p>When there are fewer units than Deployments, the units go where the rollout is, and the rest wait:
 * <ol>
 *   <li>Only rolling Deployments take part: their pod template is about to change, or their rollout is not
 *       finished (not observed yet, old pods left, new pods not all available). When none is rolling, all take
 *       part, so the steady numbers are the ones a rollout starts with.</li>
 *   <li>Deployments already progressing come first (a rollout in flight keeps its units), then the other rolling
 *       ones; units are dealt out as above.</li>
 *   <li>A rolling Deployment left with nothing is held: written paused with the new template, so the Deployment
 *       controller does not start it; when another one finishes, its units move here and the hold is lifted.
 *       A Deployment that is not rolling gets valid numbers it never uses (maxSurge 1, as for 0 replicas).</li>
 * </ol>
 * A budget of 0/0 (ECS cannot move at all) pauses every Deployment, as a single Deployment is paused.
 */
public final class SharedRollout {
  /** Hash of the pod template Stevedore last wrote to a provider's Deployment. */
  public static final String TEMPLATE_HASH_ANNOTATION = ApiGroup.GROUP + "/template-hash";

  /**
   * A provider's Deployment as the budget sees it.
   *
   * @param replicas its share of the desired count
   * @param rolling its template is about to change or its rollout is not finished
   * @param progressing rolling, already on the new template and not held: a rollout in flight
   */
  public record Share(int replicas, boolean rolling, boolean progressing) {}

  /**
   * What one Deployment may use.
   *
   * @param maxSurge pods above its replicas
   * @param maxUnavailable pods below its replicas
   * @param hold write it paused: it must not roll now
   */
  public record Allocation(int maxSurge, int maxUnavailable, boolean hold) {}

  private static final Allocation STUCK = new Allocation(0, 1, true);
  private static final Allocation IDLE = new Allocation(1, 0, false);
  private static final Allocation HELD = new Allocation(0, 1, true);

  private SharedRollout() {}

  /** Deals the service's budget out to its Deployments, in strategy order. */
  public static List<Allocation> allocate(RollingUpdateBounds service, List<Share> shares) {
    int n = shares.size();
    if (service.stuck()) {
      return shares.stream().map(s -> STUCK).toList();
    }
    long withTasks = shares.stream().filter(s -> s.replicas() > 0).count();
    if (service.maxSurge() + service.maxUnavailable() >= withTasks) {
      boolean[] all = new boolean[n];
      for (int i = 0; i < n; i++) {
        all[i] = shares.get(i).replicas() > 0;
      }
      return deal(service, shares, all, IntStream.range(0, n).boxed().toList());
    }
    boolean anyRolling = shares.stream().anyMatch(s -> s.rolling() && s.replicas() > 0);
    boolean[] eligible = new boolean[n];
    for (int i = 0; i < n; i++) {
      Share s = shares.get(i);
      eligible[i] = s.replicas() > 0 && (!anyRolling || s.rolling());
    }
    List<Integer> order = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingInt((Integer i) -> rank(shares.get(i))).thenComparingInt(i -> i))
        .toList();
    return deal(service, shares, eligible, order);
  }

  /** One unit each in order, surge first, then the rest in proportion to replicas; holds the rolling left out. */
  private static List<Allocation> deal(RollingUpdateBounds service, List<Share> shares, boolean[] eligible,
      List<Integer> order) {
    int n = shares.size();
    int[] surge = new int[n];
    int[] unavailable = new int[n];
    int surgeLeft = service.maxSurge();
    int unavailableLeft = service.maxUnavailable();
    for (int i : order) {
      if (!eligible[i]) {
        continue;
      }
      if (surgeLeft > 0) {
        surge[i]++;
        surgeLeft--;
      } else if (unavailableLeft > 0) {
        unavailable[i]++;
        unavailableLeft--;
      }
    }
    deal(surgeLeft, surge, eligible, shares, order);
    deal(unavailableLeft, unavailable, eligible, shares, order);
    List<Allocation> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Share s = shares.get(i);
      if (surge[i] > 0 || unavailable[i] > 0) {
        result.add(new Allocation(surge[i], unavailable[i], false));
      } else if (s.rolling() && s.replicas() > 0) {
        result.add(HELD);
      } else {
        result.add(IDLE);
      }
    }
    return List.copyOf(result);
  }

  private static int rank(Share s) {
    return s.progressing() ? 0 : s.rolling() ? 1 : 2;
  }

  /** Proportional to replicas: the next unit to the smallest units/replicas, capped at the replica count. */
  private static void deal(int units, int[] given, boolean[] eligible, List<Share> shares, List<Integer> order) {
    while (units > 0) {
      int best = -1;
      for (int i : order) {
        int r = shares.get(i).replicas();
        if (!eligible[i] || given[i] >= r) {
          continue;
        }
        if (best < 0 || (long) given[i] * shares.get(best).replicas() < (long) given[best] * r) {
          best = i;
        }
      }
      if (best < 0) {
        return;
      }
      given[best]++;
      units--;
    }
  }

  /**
   * Whether a provider's Deployment is rolling: the template about to be written differs from the one it has,
   * or it has not finished rolling out (not observed yet, old pods left, new pods not all available). A
   * Deployment that does not exist yet is created with all its pods new: nothing to replace.
   */
  public static boolean rolling(Deployment desired, Deployment current) {
    if (current == null) {
      return false;
    }
    return templateChanges(desired, current) || !finished(current);
  }

  /** Rolling on the template it already has, and not held. */
  public static boolean progressing(Deployment desired, Deployment current) {
    return current != null && !templateChanges(desired, current) && !finished(current)
        && !Boolean.TRUE.equals(current.getSpec().getPaused());
  }

  private static boolean templateChanges(Deployment desired, Deployment current) {
    String wanted = annotation(desired);
    return wanted == null || !wanted.equals(annotation(current));
  }

  private static boolean finished(Deployment current) {
    DeploymentStatus status = current.getStatus();
    if (status == null) {
      return false;
    }
    int replicas = nz(current.getSpec().getReplicas());
    return Objects.equals(status.getObservedGeneration(), current.getMetadata().getGeneration())
        && nz(status.getUpdatedReplicas()) >= replicas
        && nz(status.getReplicas()) <= nz(status.getUpdatedReplicas())
        && nz(status.getAvailableReplicas()) >= replicas;
  }

  private static String annotation(Deployment d) {
    Map<String, String> annotations = d.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(TEMPLATE_HASH_ANNOTATION);
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
