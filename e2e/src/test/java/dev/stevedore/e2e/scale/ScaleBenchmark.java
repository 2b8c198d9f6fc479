package dev.stevedore.e2e.scale;

import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.StevedoreCrds;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 22's scale benchmark: at each size (default 100, 300 and 1000 services), the same services as bare
 * Deployments and as Stevedore TaskDefinitions + EcsServices, one after the other in the same cluster: time to all
 * created and all Ready / Stable, time to roll all of them to a new revision, and what the operator (its own JVM,
 * started fresh for each size) spent on it. Writes e2e/target/scale-benchmark/results.md, results.json and scale.svg,
 * and logs a per-service timeline (revision registered, Deployment created, Stable).
 *
 * <p>It fails only when the harness cannot do its job (something never becomes Ready within a generous bound, the
 * cluster is too small); the goals of issue 22 are reported, not asserted. See docs/benchmarks.md for the command.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 12, unit = TimeUnit.HOURS)
class ScaleBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);

  @Test
  void servicesBesideBareDeployments(KubernetesCluster cluster) {
    ScaleSettings settings = ScaleSettings.fromSystemProperties();
    StevedoreCrds.install(cluster.client());
    List<Node> nodes = readyNodes(cluster);
    checkCapacity(settings, nodes);
    Path output = Path.of(System.getProperty("user.dir"), "target", "scale-benchmark").toAbsolutePath().normalize();
    String controlPlane = controlPlane(cluster, nodes.size());
    LOG.info("scale benchmark: sizes {}, {} tasks per service, {}; results in {}", settings.sizes(),
        settings.tasksPerService(), controlPlane, output);

    List<SizeResult> results = new ArrayList<>();
    for (int size : settings.sizes()) {
      results.add(new SizeRun(cluster, settings, size, nodes, output).run());
      // Written after every size, so that the sizes measured survive a later one that fails.
      ScaleReport report = new ScaleReport(machine(), controlPlane, String.join(" ", settings.operatorJvm()), results);
      report.write(output);
      LOG.info("scale benchmark results so far:\n{}", report.markdown());
    }
  }

  private static List<Node> readyNodes(KubernetesCluster cluster) {
    return cluster.client().nodes().list().getItems().stream()
        .filter(n -> n.getStatus() != null && n.getStatus().getConditions() != null
            && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .filter(n -> n.getSpec().getUnschedulable() == null || !n.getSpec().getUnschedulable())
        .toList();
  }

  /** Fails at once when the cluster cannot hold the largest size's rollout (every service surging to 200%). */
  private static void checkCapacity(ScaleSettings settings, List<Node> nodes) {
    if (settings.expectedNodes() != null && settings.expectedNodes() != nodes.size()) {
      throw new IllegalStateException("scale.nodes is " + settings.expectedNodes() + " but the cluster has "
          + nodes.size() + " Ready nodes; start it with STEVEDORE_CLUSTER_NODES=" + settings.expectedNodes()
          + " (e2e/cluster/local-cluster down first if one is running)");
    }
    PodSpec pod = new ScaleDocuments(settings.tasksPerService()).podTemplate(ScaleDocuments.name(0), 1, "capacity",
        nodes).getSpec();
    long fit = ClusterCapacity.podsThatFit(nodes, pod);
    long needed = settings.peakPods();
    LOG.info("the {} Ready nodes hold {} pods of the benchmark's template; the largest size needs up to {}",
        nodes.size(), fit, needed);
    if (fit < needed) {
      long nodesNeeded = (long) Math.ceil(needed * 1.1 * nodes.size() / Math.max(1, fit));
      throw new IllegalStateException(String.format(Locale.ROOT, "the cluster holds %d pods of the benchmark's"
          + " template at once, and %d services of %d tasks surging to 200%% need %d: start the local cluster with"
          + " about %d nodes (STEVEDORE_CLUSTER_NODES=%d, or e2e/cluster/local-cluster up --nodes %d; see"
          + " docs/benchmarks.md)", fit, settings.largest(), settings.tasksPerService(), needed, nodesNeeded,
          nodesNeeded, nodesNeeded));
    }
  }

  /** The node count and the limits `local-cluster up` recorded (SETTINGS in its cluster.env), when it is local. */
  private static String controlPlane(KubernetesCluster cluster, int nodes) {
    Path env = cluster.kubeconfig().getParent().resolve("cluster.env");
    String settings = "settings not recorded (not a local cluster)";
    try {
      if (Files.isReadable(env)) {
        Matcher m = Pattern.compile("^SETTINGS='(.*)'$", Pattern.MULTILINE).matcher(Files.readString(env));
        settings = m.find() ? m.group(1) : "default limits";
      }
    } catch (IOException e) {
      settings = "cannot read " + env + ": " + e.getMessage();
    }
    return cluster.kind() + " cluster, " + nodes + " Ready nodes, " + settings;
  }

  private static String machine() {
    String cpu = "?";
    long memoryKiB = 0;
    try {
      Matcher model = Pattern.compile("^model name\\s*:\\s*(.+)$", Pattern.MULTILINE)
          .matcher(Files.readString(Path.of("/proc/cpuinfo")));
      cpu = model.find() ? model.group(1).trim() : cpu;
      Matcher total = Pattern.compile("^MemTotal:\\s+(\\d+) kB", Pattern.MULTILINE)
          .matcher(Files.readString(Path.of("/proc/meminfo")));
      memoryKiB = total.find() ? Long.parseLong(total.group(1)) : 0;
    } catch (IOException e) {
      LOG.warn("cannot describe the machine: {}", e.getMessage());
    }
    return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB, Java %s", Runtime.getRuntime().availableProcessors(),
        cpu, memoryKiB / 1024.0 / 1024.0, System.getProperty("java.version"));
  }
}
