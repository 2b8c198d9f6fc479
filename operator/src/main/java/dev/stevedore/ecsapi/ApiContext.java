package dev.stevedore.ecsapi;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.ecsapi.auth.KubernetesAccess;
import java.time.Clock;
import java.time.Duration;

/** What every operation works with: the caches, RBAC, and the region and account of the ARNs. */
public record ApiContext(EcsStore store, KubernetesAccess access, String region, String account, Clock clock,
                         Duration writeWait) {
  public String namespace() {
    return store.namespace();
  }

  /** The named cluster, or ClusterNotFoundException as ECS words it. */
  public EcsCluster cluster(String clusterName) {
    return store.cluster(clusterName).orElseThrow(EcsApiException::clusterNotFound);
  }
}
