package dev.stevedore.e2e.harness;

import dev.stevedore.e2e.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pinned helm that {@code local-cluster install} puts in the tool cache, run against the test cluster's
 * kubeconfig with its own cache and configuration directories under target/, so a personal helm setup changes
 * nothing. No helm on PATH is needed, and a missing one fails the check that needs it.
 */
public final class Helm {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final Path binary;
  private final Path kubeconfig;
  private final Path home;
  /** Reads the manifests helm prints; sends nothing to the cluster. */
  private final KubernetesClient client;

  private Helm(Path binary, KubernetesCluster cluster, Path home) {
    this.binary = binary;
    this.kubeconfig = cluster.kubeconfig();
    this.client = cluster.client();
    this.home = home;
  }

  public static Helm forCluster(KubernetesCluster cluster) {
    Path home = Path.of(System.getProperty("user.dir"), "target", "helm-home").toAbsolutePath().normalize();
    return new Helm(Repository.tool("helm"), cluster, home);
  }

  /**
   * helm install of the chart in {@code namespace}, without its CRDs (the tests install those with server-side
   * apply, as upgrades must; helm would only skip them when they exist). {@code valueArguments} are helm's
   * ("--set", "replicas=1", "--set-string", "aws.account=..."). Returns the installed manifest.
   */
  public List<HasMetadata> install(String release, Path chart, String namespace, List<String> valueArguments) {
    List<String> args = new ArrayList<>(List.of("install", release, chart.toString(), "--namespace", namespace,
        "--skip-crds"));
    args.addAll(valueArguments);
    run(args);
    String manifest = run(List.of("get", "manifest", release, "--namespace", namespace));
    return client.load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).items();
  }

  public void uninstall(String release, String namespace) {
    run(List.of("uninstall", release, "--namespace", namespace, "--wait", "--timeout", "60s"));
  }

  private String run(List<String> args) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(args);
    return Commands.run(command, Map.of(
        "HELM_CACHE_HOME", home.resolve("cache").toString(),
        "HELM_CONFIG_HOME", home.resolve("config").toString(),
        "HELM_DATA_HOME", home.resolve("data").toString()), TIMEOUT);
  }
}
