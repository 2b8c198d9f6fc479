package dev.stevedore.e2e.chart;

import dev.stevedore.e2e.cluster.KubernetesCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The helm that {@code local-cluster install} pins ($STEVEDORE_CACHE/bin/helm), run against the test cluster's
 * kubeconfig with its own cache and configuration directories under target/, so a personal helm setup changes
 * nothing.
 */
final class Helm {
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path kubeconfig;
  private final Path home;

  private Helm(Path binary, Path kubeconfig, Path home) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  static Helm forCluster(KubernetesCluster cluster) {
    String cache = System.getenv().getOrDefault("STEVEDORE_CACHE",
        Path.of(System.getProperty("user.home"), ".cache", "stevedore").toString());
    Path binary = Stream.concat(Stream.of(Path.of(cache, "bin", "helm")),
            Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "helm")))
        .filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException("no helm in " + cache + "/bin or on PATH; run "
            + "e2e/cluster/local-cluster install"));
    Path home = Path.of(System.getProperty("user.dir"), "target", "helm-home").toAbsolutePath().normalize();
    return new Helm(binary, cluster.kubeconfig(), home);
  }

  /**
   * helm install of the chart in {@code namespace}, without its CRDs (the tests install those with server-side
   * apply, as upgrades must; helm would only skip them when they exist). {@code valueArguments} are helm's
   * ("--set", "replicas=1", "--set-string", "aws.account=..."). Returns the installed manifest.
   */
  List<HasMetadata> install(String release, Path chart, String namespace, List<String> valueArguments) {
    List<String> args = new ArrayList<>(List.of("install", release, chart.toString(), "--namespace", namespace,
        "--skip-crds"));
    args.addAll(valueArguments);
    run(args);
    return parse(run(List.of("get", "manifest", release, "--namespace", namespace)));
  }

  void uninstall(String release, String namespace) {
    run(List.of("uninstall", release, "--namespace", namespace, "--wait", "--timeout", "60s"));
  }

  /** The objects of a multi-document YAML stream, as helm prints manifests. */
  static List<HasMetadata> parse(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (!document.contains("kind:")) {
        continue;
      }
      Object parsed = Serialization.unmarshal(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
      if (parsed instanceof KubernetesList list) {
        objects.addAll(list.getItems());
      } else {
        objects.add((HasMetadata) parsed);
      }
    }
    return objects;
  }

  private String run(List<String> args) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    try {
      Process process = builder.start();
      // Read before waiting: a full pipe would block helm.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running helm", e);
    }
  }
}
