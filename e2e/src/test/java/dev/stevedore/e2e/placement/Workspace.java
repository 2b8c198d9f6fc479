package dev.stevedore.e2e.placement;

import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.HealthCheck;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One test namespace seen as an ECS user sees it: documents built as a user writes them and applied with
 * server-side apply, what the operator made of them, where the tasks landed, and bounded waits.
 */
final class Workspace {
  static final String POOL_LABEL = "stevedore.dev/pool";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  static final String IMAGE_V1 = "public.ecr.aws/nginx/nginx:1.27";
  static final String IMAGE_V2 = "public.ecr.aws/nginx/nginx:1.28";
  static final Duration POLL = Duration.ofMillis(250);

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Node> nodes = new TreeMap<>();

  Workspace(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    client.nodes().list().getItems().forEach(n -> nodes.put(n.getMetadata().getName(), n));
  }

  KubernetesClient client() {
    return client;
  }

  String namespace() {
    return namespace;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Documents

  /** A cluster whose providers reach the local pools: provider name to pool (stevedore.dev/pool). */
  static EcsCluster cluster(String name, Map<String, String> providerPools) {
    EcsCluster cluster = new EcsCluster();
    cluster.setMetadata(meta(name));
    cluster.setSpec(new EcsClusterSpec());
    cluster.getSpec().clusterName = name;
    if (!providerPools.isEmpty()) {
      List<CapacityProviderDefinition> definitions = new ArrayList<>();
      providerPools.forEach((provider, pool) -> {
        CapacityProviderDefinition d = new CapacityProviderDefinition();
        d.name = provider;
        d.nodeSelector = Map.of(POOL_LABEL, pool);
        definitions.add(d);
      });
      cluster.getSpec().capacityProviderDefinitions = definitions;
    }
    return cluster;
  }

  /**
   * A one-container task of 64 CPU units and 128 MiB. With a health check its tasks count as healthy as soon as
   * they are Ready (KWOK reports Ready at once), without one 40 s later, as in ECS.
   */
  static TaskDefinition taskDefinition(String family, String image, boolean healthCheck) {
    ContainerDefinition app = new ContainerDefinition();
    app.name = "app";
    app.image = image;
    app.essential = true;
    app.cpu = 64;
    app.memory = 128;
    if (healthCheck) {
      HealthCheck check = new HealthCheck();
      check.command = List.of("CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/ || exit 1");
      check.interval = 5;
      check.timeout = 2;
      check.retries = 3;
      app.healthCheck = check;
    }
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = family;
    spec.containerDefinitions = new ArrayList<>(List.of(app));
    TaskDefinition td = new TaskDefinition();
    td.setMetadata(meta(family));
    td.setSpec(spec);
    return td;
  }

  static TaskDefinition withImage(TaskDefinition td, String image) {
    TaskDefinition copy = Serialization.clone(td);
    copy.getSpec().containerDefinitions.get(0).image = image;
    return copy;
  }

  static EcsService service(String name, String taskDefinition, int desiredCount) {
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.serviceName = name;
    spec.taskDefinition = taskDefinition;
    spec.desiredCount = desiredCount;
    EcsService service = new EcsService();
    service.setMetadata(meta(name));
    service.setSpec(spec);
    return service;
  }

  private static ObjectMeta meta(String name) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    return meta;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Apply and read

  <T extends HasMetadata> T apply(T resource) {
    return client.resource(resource).inNamespace(namespace).fieldManager("e2e-user").forceConflicts()
        .serverSideApply();
  }

  /** Every document of a YAML file, applied as {@code kubectl apply --server-side -f} would. */
  void applyFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata item : client.load(in).items()) {
        client.resource(item).inNamespace(namespace).fieldManager("e2e-user").forceConflicts().serverSideApply();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  EcsService service(String name) {
    return client.resources(EcsService.class).inNamespace(namespace).withName(name).get();
  }

  EcsCluster cluster(String name) {
    return client.resources(EcsCluster.class).inNamespace(namespace).withName(name).get();
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** The service's Deployments, by name. */
  Map<String, Deployment> deployments(String service) {
    Map<String, Deployment> byName = new TreeMap<>();
    client.apps().deployments().inNamespace(namespace).withLabel(Labels.SERVICE, Names.labelValue(service)).list()
        .getItems().forEach(d -> byName.put(d.getMetadata().getName(), d));
    return byName;
  }

  /** The service's pods that are not being deleted. */
  List<Pod> pods(String service) {
    return client.pods().inNamespace(namespace).withLabel(Labels.SERVICE, Names.labelValue(service)).list()
        .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  /** Kubernetes Events recorded on an EcsService, as their notes. */
  List<String> kubernetesEvents(String service) {
    return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && "EcsService".equals(e.getRegarding().getKind())
            && service.equals(e.getRegarding().getName()))
        .map(Event::getNote).toList();
  }

  /** The node label of the node a pod runs on; "unscheduled" when it runs nowhere yet. */
  String nodeLabel(Pod pod, String label) {
    String nodeName = pod.getSpec().getNodeName();
    if (nodeName == null) {
      return "unscheduled";
    }
    Node node = nodes.computeIfAbsent(nodeName, n -> client.nodes().withName(n).get());
    return node == null || node.getMetadata().getLabels() == null ? "?" : node.getMetadata().getLabels().get(label);
  }

  /** Running (scheduled, not terminating) pods counted by a label of their node. */
  Map<String, Integer> countByNodeLabel(List<Pod> pods, String label) {
    Map<String, Integer> counts = new TreeMap<>();
    pods.forEach(p -> counts.merge(nodeLabel(p, label), 1, Integer::sum));
    return counts;
  }

  Map<String, Node> nodes() {
    return nodes;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Conditions

  static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static boolean ready(EcsService s) {
    return s != null && s.getStatus() != null
        && Objects.equals(s.getStatus().observedGeneration, s.getMetadata().getGeneration())
        && condition(s.getStatus().conditions, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Ready with {@code count} running tasks of revision {@code revision} in one COMPLETED deployment. */
  static boolean steady(EcsService s, int count, int revision) {
    if (!ready(s)) {
      return false;
    }
    List<ServiceDeployment> deployments = s.getStatus().deployments == null ? List.of() : s.getStatus().deployments;
    return Objects.equals(s.getStatus().runningCount, count) && Objects.equals(s.getStatus().pendingCount, 0)
        && Objects.equals(s.getStatus().desiredCount, count) && deployments.size() == 1
        && "COMPLETED".equals(deployments.get(0).rolloutState)
        && s.getStatus().taskDefinition != null && s.getStatus().taskDefinition.endsWith(":" + revision);
  }

  static boolean stalledWith(EcsService s, String reason) {
    return s != null && s.getStatus() != null
        && Objects.equals(s.getStatus().observedGeneration, s.getMetadata().getGeneration())
        && condition(s.getStatus().conditions, "Stalled")
            .map(c -> "True".equals(c.getStatus()) && reason.equals(c.getReason())).orElse(false);
  }

  static List<String> events(EcsService s) {
    List<ServiceEvent> events = s.getStatus() == null || s.getStatus().events == null ? List.of() : s.getStatus().events;
    return events.stream().map(e -> e.message).toList();
  }

  EcsService awaitService(String name, String what, Duration timeout, Predicate<EcsService> condition) {
    return await(what + " (EcsService " + namespace + "/" + name + ")", timeout, () -> service(name), condition,
        s -> s == null ? "no such EcsService" : Serialization.asYaml(s.getStatus()));
  }

  EcsCluster awaitCluster(String name, String what, Duration timeout, Predicate<EcsCluster> condition) {
    return await(what + " (EcsCluster " + namespace + "/" + name + ")", timeout, () -> cluster(name), condition,
        c -> c == null ? "no such EcsCluster" : Serialization.asYaml(c.getStatus()));
  }

  List<Pod> awaitPods(String service, String what, Duration timeout, Predicate<List<Pod>> condition) {
    return await(what + " (pods of " + service + ")", timeout, () -> pods(service), condition, this::describe);
  }

  String describe(List<Pod> pods) {
    Map<String, String> where = new LinkedHashMap<>();
    pods.forEach(p -> where.put(p.getMetadata().getName(), p.getSpec().getNodeName() + "/"
        + (p.getStatus() == null ? "?" : p.getStatus().getPhase())));
    return where.toString();
  }

  /** Polls {@code read} until {@code condition} holds; fails with the last value seen when the time is up. */
  static <T> T await(String what, Duration timeout, Supplier<T> read, Predicate<T> condition,
      Function<T, String> describe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (true) {
      try {
        last = read.get();
        lastError = null;
        if (condition.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError error = new AssertionError("not within " + timeout + ": " + what + "; last seen:\n"
            + (lastError != null ? lastError : describe.apply(last)));
        if (lastError != null) {
          error.initCause(lastError);
        }
        throw error;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  static String join(Map<String, Integer> counts) {
    return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }
}
