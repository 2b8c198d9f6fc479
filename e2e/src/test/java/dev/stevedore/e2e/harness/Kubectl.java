package dev.stevedore.e2e.harness;

import dev.stevedore.e2e.cluster.KubernetesCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pinned kubectl that {@code local-cluster install} puts in the tool cache, run against the test cluster as a
 * user at a terminal would. No kubectl on PATH is needed, and a missing one fails the check that needs it.
 */
public final class Kubectl {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path binary;
  private final Path kubeconfig;

  private Kubectl(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  public static Kubectl forCluster(KubernetesCluster cluster) {
    return new Kubectl(Repository.tool("kubectl"), cluster.kubeconfig());
  }

  /** Runs kubectl with the given arguments; returns its output, or fails with it. */
  public String run(String... args) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig=" + kubeconfig));
    command.addAll(List.of(args));
    return Commands.run(command, Map.of(), TIMEOUT);
  }
}
