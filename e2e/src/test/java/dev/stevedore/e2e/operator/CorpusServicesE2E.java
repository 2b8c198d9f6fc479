package dev.stevedore.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadResult;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task definitions other people wrote for ECS (the shared corpus, read at test time) run as services on the KWOK
 * cluster: each document the loader reads and the API server admits becomes a TaskDefinition and an EcsService with
 * one or two tasks, and must reach Ready, unless it is one the cluster cannot run for a reason stated below.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CorpusServicesE2E {
  private static final Logger LOG = LoggerFactory.getLogger(CorpusServicesE2E.class);
  private static final Duration READY_WITHIN = Duration.ofSeconds(150);
  private static final int AT_LEAST = 10;
  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(KubernetesCluster cluster) {
    operator = InProcessOperator.start(cluster, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** One corpus document and what became of it. */
  static final class Entry {
    final String file;
    final String name;
    String outcome = "not tried";
    boolean ready;
    int desiredCount;

    Entry(String file, String name) {
      this.file = file;
      this.name = name;
    }
  }

  @Test
  void corpusTaskDefinitionsRunAsServicesUntilReady(KubernetesCluster cluster, TestNamespace namespace)
      throws IOException {
    Path corpus = Repository.corpus().map(c -> c.resolve("taskdefs")).filter(Files::isDirectory).orElse(null);
    if (corpus == null) {
      LOG.warn("SKIPPED: no corpus at {}/../shared/corpus/taskdefs", Repository.root());
    }
    assumeTrue(corpus != null, "no corpus at <repository>/../shared/corpus/taskdefs: nothing to run");
    operator.watch(namespace.name());
    Ecs ecs = new Ecs(cluster.client(), namespace.name());
    ecs.apply(Ecs.cluster("default"));

    List<Path> files;
    try (Stream<Path> listing = Files.list(corpus)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    int index = 0;
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      Entry entry = new Entry(fileName, name(index++, fileName));
      entries.put(entry.name, entry);
      LoadResult<TaskDefinitionSpec> loaded = EcsJsonLoader.taskDefinition(Files.readString(file));
      if (!loaded.isLoaded()) {
        entry.outcome = "loader rejects it: " + loaded.rejection();
        continue;
      }
      TaskDefinitionSpec spec = loaded.spec();
      // Documents reuse family names ("nginx", ...): each runs under a family of its own here.
      spec.family = entry.name;
      TaskDefinition td = new TaskDefinition();
      td.setMetadata(new ObjectMeta());
      td.getMetadata().setName(entry.name);
      td.setSpec(spec);
      try {
        ecs.apply(td);
      } catch (KubernetesClientException e) {
        entry.outcome = "API server rejects it: " + e.getStatus().getMessage();
        continue;
      }
      entry.desiredCount = usesNodePorts(spec) ? 1 : 2;
      EcsService service = Ecs.replicaService(entry.name, entry.name, entry.desiredCount, null, null);
      service.getSpec().launchType = launchType(spec);
      ecs.apply(service);
      entry.outcome = "applied";
    }

    List<Entry> applied = entries.values().stream().filter(e -> e.outcome.equals("applied")).toList();
    List<Entry> expectedReady = applied.stream().filter(e -> !CANNOT_RUN_HERE.containsKey(e.file)).toList();
    long start = System.nanoTime();
    long deadline = start + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline && expectedReady.stream().anyMatch(e -> !e.ready)) {
      for (Entry e : expectedReady) {
        if (!e.ready) {
          e.ready = Ecs.steadyAt(ecs.service(e.name), ecs.arn(e.name, 1), e.desiredCount);
        }
      }
      sleep(Duration.ofSeconds(2));
    }
    long waited = System.nanoTime() - start;
    for (Entry e : applied) {
      EcsService svc = ecs.service(e.name);
      e.ready = e.ready || Ecs.steadyAt(svc, ecs.arn(e.name, 1), e.desiredCount);
      e.outcome = e.ready ? "Ready with " + e.desiredCount + " task(s)" : "not Ready: " + whyNot(svc, ecs.taskDefinition(e.name));
    }

    String table = entries.values().stream().map(e -> String.format(Locale.ROOT, "  %-40s %s", e.name, e.outcome))
        .collect(Collectors.joining("\n"));
    List<Entry> ready = entries.values().stream().filter(e -> e.ready).toList();
    LOG.info("corpus: {} documents, {} applied, {} Ready after {} s:\n{}", entries.size(), applied.size(),
        ready.size(), String.format(Locale.ROOT, "%.1f", waited / 1e9), table);
    assertThat(ready).as("corpus task definitions Ready as services:\n" + table).hasSizeGreaterThanOrEqualTo(AT_LEAST);
    assertThat(expectedReady).as("documents that should run here but are not Ready within " + READY_WITHIN + ":\n"
        + table).allMatch(e -> e.ready);
    for (Entry e : applied) {
      Expected why = CANNOT_RUN_HERE.get(e.file);
      if (why != null) {
        assertThat(e.outcome).as(e.file + ": " + why.reason() + " (is it runnable now? then take it off the list)")
            .startsWith("not Ready").contains(why.evidence());
      }
    }
  }

  /**
   * A document that the local cluster cannot run, and why.
   *
   * @param reason what stands in its way
   * @param evidence the words of the status (condition message or newest event) that show it
   */
  record Expected(String reason, String evidence) {}

  private static final String UNPLACEABLE = "was unable to place a task because no container instance met all of its"
      + " requirements";

  /**
   * Documents ECS would run somewhere that this cluster cannot, or that ECS itself would refuse to register. For the
   * unplaceable ones the evidence is ECS's sentence, not the scheduler's per-node reason: with the other corpus
   * services filling the nodes, the scheduler may name insufficient cpu before the node affinity.
   */
  private static final Map<String, Expected> CANNOT_RUN_HERE = Map.of(
      "aws-samples__amazon-ecs-firelens-examples__efs-describe-output.json", new Expected(
          "its EFS volume becomes a PersistentVolumeClaim named after the file system, which this cluster lacks",
          "persistentvolumeclaim \"efs-fs-"),
      "awsdocs__amazon-ecs-developer-guide__efs-tutorial.json", new Expected(
          "its EFS volume becomes a PersistentVolumeClaim named after the file system, which this cluster lacks",
          "persistentvolumeclaim \"efs-fs-"),
      "aws__amazon-ecs-agent__nvidia-gpu.json", new Expected("it needs a GPU; no KWOK node has one",
          "nvidia.com/gpu"),
      "awsdocs__amazon-ecs-developer-guide__gpu-nvidia-smi.json", new Expected("it needs a GPU; no KWOK node has one",
          "nvidia.com/gpu"),
      "awsdocs__amazon-ecs-developer-guide__arm64-fargate.json", new Expected(
          "it runs on ARM64; every KWOK node is amd64", UNPLACEABLE),
      "awsdocs__amazon-ecs-developer-guide__dl1-host-network-placement.json", new Expected(
          "its placement constraint asks for a dl1 instance type", UNPLACEABLE),
      "awsdocs__amazon-ecs-developer-guide__vt1-devices-placement.json", new Expected(
          "its placement constraint asks for a vt1 instance type", UNPLACEABLE),
      "awsdocs__amazon-ecs-developer-guide__appmesh-gateway-proxy.json", new Expected(
          "no container sets memory or memoryReservation and the task sets no memory: ECS refuses to register it",
          "TaskDefinition not found"));

  private static String whyNot(EcsService svc, TaskDefinition td) {
    if (svc == null || svc.getStatus() == null) {
      return "no status";
    }
    String registration = td == null || td.getStatus() == null || td.getStatus().conditions == null ? ""
        : td.getStatus().conditions.stream().filter(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
            .map(c -> " (the TaskDefinition is Stalled, " + c.getReason() + ": " + c.getMessage() + ")")
            .findFirst().orElse("");
    var stalled = Ecs.condition(svc, "Stalled").filter(c -> "True".equals(c.getStatus()));
    if (stalled.isPresent()) {
      return "Stalled " + stalled.get().getReason() + ": " + stalled.get().getMessage() + registration;
    }
    String lastEvent = svc.getStatus().events == null || svc.getStatus().events.isEmpty() ? ""
        : " (newest event: " + svc.getStatus().events.get(0).message + ")";
    return "running " + svc.getStatus().runningCount + " of " + svc.getStatus().desiredCount + ", pending "
        + svc.getStatus().pendingCount + lastEvent;
  }

  /** Host networking or fixed host ports: two tasks would have to land on different nodes; one is enough here. */
  private static boolean usesNodePorts(TaskDefinitionSpec spec) {
    return "host".equals(spec.networkMode) || spec.containerDefinitions.stream()
        .flatMap(c -> c.portMappings == null ? Stream.<PortMapping>empty() : c.portMappings.stream())
        .anyMatch(p -> p.hostPort != null && p.hostPort > 0);
  }

  /** FARGATE for a Fargate-only task definition, EC2 otherwise, as a user would create the service. */
  private static String launchType(TaskDefinitionSpec spec) {
    List<String> compatibilities = Objects.requireNonNullElse(spec.requiresCompatibilities, List.of());
    return compatibilities.contains("FARGATE") && !compatibilities.contains("EC2") ? "FARGATE" : "EC2";
  }

  /** c07-nginx-ec2-bridge: short, unique, a DNS label and an ECS family. */
  private static String name(int index, String fileName) {
    String shortName = fileName.replaceFirst("\\.json$", "");
    shortName = shortName.substring(shortName.lastIndexOf("__") + 2).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-");
    String name = String.format(Locale.ROOT, "c%02d-%s", index, shortName);
    return name.substring(0, Math.min(name.length(), 40)).replaceAll("-+$", "");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
