package dev.stevedore.e2e.cluster;

/** Where the end-to-end tests run (see {@link ClusterLauncher} for how one is chosen). */
public enum ClusterKind {
  /** The cluster named by the kubeconfig in {@code STEVEDORE_E2E_KUBECONFIG}; the tests neither start nor stop it. */
  EXTERNAL,
  /** k3s in a container, through Testcontainers, only when asked for: {@code STEVEDORE_E2E_CLUSTER=k3s}. */
  K3S,
  /**
   * The control plane of {@code e2e/cluster/local-cluster}: real etcd, kube-apiserver, controller-manager and
   * scheduler with KWOK fake nodes. The default, and the only kind with several nodes, node pools and failure
   * images.
   */
  LOCAL
}
