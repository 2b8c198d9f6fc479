package dev.stevedore.e2e.cluster;

import dev.stevedore.e2e.harness.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Chooses and starts the cluster for a test run: the one {@code STEVEDORE_E2E_KUBECONFIG} names; else the local
 * control plane of {@code e2e/cluster/local-cluster}, whether or not Docker is there, so that no machine skips the
 * tests that need its nodes, pools and failure images; k3s in Docker only when {@code STEVEDORE_E2E_CLUSTER=k3s}.
 */
final class ClusterLauncher {

  static final String KUBECONFIG_VARIABLE = "STEVEDORE_E2E_KUBECONFIG";
  static final String KIND_VARIABLE = "STEVEDORE_E2E_CLUSTER";
  /** The same Kubernetes release as the local cluster (K8S_VERSION in e2e/cluster/local-cluster). */
  static final DockerImageName K3S_IMAGE = DockerImageName.parse("rancher/k3s:v1.34.4-k3s1");

  private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);

  private ClusterLauncher() {}

  static KubernetesCluster launch() {
    KubernetesCluster cluster = start();
    // A run stopped early (Ctrl-C, a killed fork) still stops what it started; close() runs only once.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(cluster), "stevedore-e2e-cluster-stop"));
    LOG.info("end-to-end tests run on the {}", cluster);
    return cluster;
  }

  private static KubernetesCluster start() {
    String kubeconfig = System.getenv(KUBECONFIG_VARIABLE);
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      Path path = Path.of(kubeconfig);
      if (!Files.isReadable(path)) {
        throw new IllegalStateException(KUBECONFIG_VARIABLE + " names " + path + ", which is not a readable file");
      }
      return new KubernetesCluster(ClusterKind.EXTERNAL, path, () -> {});
    }
    String kind = System.getenv().getOrDefault(KIND_VARIABLE, "").toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "k3s" -> startK3s();
      case "", "local" -> startLocal();
      default -> throw new IllegalStateException(KIND_VARIABLE + " must be 'local' or 'k3s', not '" + kind + "'");
    };
  }

  private static KubernetesCluster startK3s() {
    LOG.info("starting {} through Testcontainers", K3S_IMAGE);
    K3sContainer k3s = new K3sContainer(K3S_IMAGE);
    k3s.start();
    try {
      Path kubeconfig = Files.createTempFile("stevedore-e2e-k3s-", ".kubeconfig");
      Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
      return new KubernetesCluster(
          ClusterKind.K3S,
          kubeconfig,
          () -> {
            k3s.stop();
            Files.deleteIfExists(kubeconfig);
          });
    } catch (IOException e) {
      k3s.stop();
      throw new UncheckedIOException(e);
    }
  }

  /** Reuses a local cluster that is already up (and leaves it up); otherwise starts one and stops it at the end. */
  private static KubernetesCluster startLocal() {
    LocalClusterScript script = new LocalClusterScript(Repository.localClusterScript());
    script.install();
    if (script.isRunning()) {
      LOG.info("reusing the local cluster that is already running; it stays up after the tests");
      return new KubernetesCluster(ClusterKind.LOCAL, script.kubeconfig(), () -> {}, script::restart);
    }
    script.up();
    try {
      return new KubernetesCluster(ClusterKind.LOCAL, script.kubeconfig(), script::down, script::restart);
    } catch (RuntimeException e) {
      script.down();
      throw e;
    }
  }

  private static void closeQuietly(KubernetesCluster cluster) {
    try {
      cluster.close();
    } catch (Exception e) {
      LOG.warn("could not stop the {}", cluster, e);
    }
  }
}
