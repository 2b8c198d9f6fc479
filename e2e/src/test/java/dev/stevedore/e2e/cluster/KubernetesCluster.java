package dev.stevedore.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
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

  KubernetesCluster(ClusterKind kind, Path kubeconfig, AutoCloseable stopAction) {
    this.kind = kind;
    this.kubeconfig = kubeconfig;
    this.stopAction = stopAction;
    this.client = new KubernetesClientBuilder().withConfig(config()).build();
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
