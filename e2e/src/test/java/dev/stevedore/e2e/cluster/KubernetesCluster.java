package dev.stevedore.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running cluster for end-to-end tests: which kind it is, its kubeconfig (for the operator, kubectl and helm)
 * and a client with administrator rights. Closing it stops the cluster if this test run started it.
 */
public final class KubernetesCluster implements AutoCloseable {

  private final ClusterKind kind;
  private final Path kubeconfig;
  private final AutoCloseable stopAction;
  private final KubernetesClient client;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ComponentRestarter restarter;

  /** Stops a control-plane component and starts it again; only a cluster this run controls can. */
  @FunctionalInterface
  interface ComponentRestarter {
    void restart(String component, Duration downFor);
  }

  KubernetesCluster(ClusterKind kind, Path kubeconfig, AutoCloseable stopAction) {
    this(kind, kubeconfig, stopAction, null);
  }

  KubernetesCluster(ClusterKind kind, Path kubeconfig, AutoCloseable stopAction, ComponentRestarter restarter) {
    this.restarter = restarter;
    this.kind = kind;
    this.kubeconfig = kubeconfig;
    this.stopAction = stopAction;
    this.client = new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** Whether {@link #restartComponent} can act on this cluster (the local control plane only). */
  public boolean canRestartComponents() {
    return restarter != null;
  }

  /**
   * Kills one control-plane component (kube-apiserver, etcd, kube-controller-manager, kube-scheduler) with SIGKILL,
   * keeps it down for {@code downFor} and starts it again as the cluster started it, returning when it is back.
   */
  public void restartComponent(String component, Duration downFor) {
    if (restarter == null) {
      throw new IllegalStateException("cannot restart " + component + " of a " + kind + " cluster");
    }
    restarter.restart(component, downFor);
  }

  public ClusterKind kind() {
    return kind;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The shared administrator client; tests must not close it. */
  public KubernetesClient client() {
    return client;
  }

  /** A new configuration from the kubeconfig, for clients that differ from the shared one (say, impersonating). */
  public Config config() {
    return Config.fromKubeconfig(kubeconfig.toFile());
  }

  /** Idempotent: called when the test run ends and, if the JVM is stopped early, from a shutdown hook. */
  @Override
  public void close() throws Exception {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.close();
    } finally {
      stopAction.close();
    }
  }

  @Override
  public String toString() {
    return kind + " cluster (kubeconfig " + kubeconfig + ")";
  }
}
