package dev.stevedore.e2e.harness;

import dev.stevedore.api.v1alpha1.AllowedHostPath;
import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.HealthCheck;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskSecurity;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One test namespace as an ECS user sees it: documents built as a user writes them and applied with server-side
 * apply (as {@code kubectl apply --server-side} or a GitOps tool would), what the operator made of them, where the
 * tasks landed, and bounded waits for conditions.
 */
public final class Ecs {
  public static final String FIELD_MANAGER = "e2e-user";
  public static final String IMAGE_V1 = "public.ecr.aws/nginx/nginx:1.27";
  public static final String IMAGE_V2 = "public.ecr.aws/nginx/nginx:1.28";

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Node> nodes = new ConcurrentHashMap<>();

  public Ecs(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public KubernetesClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Documents

  public static EcsCluster cluster(String name) {
    return cluster(name, Map.of());
  }

  /**
   * A cluster whose tasks may use what ECS allows EC2 tasks: privileged containers, the node's network, PID and IPC
   * namespaces, any host path and any capability (EcsCluster spec.taskSecurity; Fargate tasks still get none).
   */
  public static EcsCluster clusterAllowingEc2TaskSettings(String name) {
    EcsCluster cluster = cluster(name);
    TaskSecurity allowed = new TaskSecurity();
    allowed.allowPrivileged = true;
    allowed.allowHostNetwork = true;
    allowed.allowHostPID = true;
    allowed.allowHostIPC = true;
    AllowedHostPath anyPath = new AllowedHostPath();
    anyPath.pathPrefix = "/";
    allowed.allowedHostPaths = List.of(anyPath);
    allowed.allowedCapabilities = List.of("ALL");
    cluster.getSpec().taskSecurity = allowed;
    return cluster;
  }

  /** A cluster whose capacity providers reach the local cluster's pools: provider name to stevedore.dev/pool. */
  public static EcsCluster cluster(String name, Map<String, String> providerPools) {
    EcsCluster cluster = new EcsCluster();
    cluster.setMetadata(meta(name));
    cluster.setSpec(new EcsClusterSpec());
    cluster.getSpec().clusterName = name;
    if (!providerPools.isEmpty()) {
      List<CapacityProviderDefinition> definitions = new ArrayList<>();
      new TreeMap<>(providerPools).forEach((provider, pool) -> {
        CapacityProviderDefinition d = new CapacityProviderDefinition();
        d.name = provider;
        d.nodeSelector = Map.of(Nodes.POOL_LABEL, pool);
        definitions.add(d);
      });
      cluster.getSpec().capacityProviderDefinitions = definitions;
    }
    return cluster;
  }

  /**
   * A one-container web task of 64 CPU units and 128 MiB with a port (so its service gets a Kubernetes Service).
   * Without a health check ECS counts a task healthy 40 s after it starts (the translation sets minReadySeconds
   * 40); with one, as soon as the check passes (KWOK reports Ready at once).
   */
  public static TaskDefinition taskDefinition(String family, String image, boolean healthCheck) {
    ContainerDefinition web = new ContainerDefinition();
    web.name = "web";
    web.image = image;
    web.essential = true;
    web.cpu = 64;
    web.memory = 128;
    PortMapping http = new PortMapping();
    http.containerPort = 8080;
    http.protocol = "tcp";
    http.name = "http";
    web.portMappings = new ArrayList<>(List.of(http));
    if (healthCheck) {
      HealthCheck check = new HealthCheck();
      check.command = List.of("CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/ || exit 1");
      check.interval = 5;
      check.timeout = 2;
      check.retries = 3;
      web.healthCheck = check;
    }
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = family;
    spec.containerDefinitions = new ArrayList<>(List.of(web));
    TaskDefinition td = new TaskDefinition();
    td.setMetadata(meta(family));
    td.setSpec(spec);
    return td;
  }

  /** A standalone task (RunTask) of {@code count} tasks of the family's latest revision. */
  public static dev.stevedore.api.v1alpha1.EcsTask task(String name, String taskDefinition, int count) {
    dev.stevedore.api.v1alpha1.EcsTask task = new dev.stevedore.api.v1alpha1.EcsTask();
    task.getMetadata().setName(name);
    task.setSpec(new dev.stevedore.api.v1alpha1.EcsTaskSpec());
    task.getSpec().taskDefinition = taskDefinition;
    task.getSpec().count = count;
    return task;
  }

  public static TaskDefinition withImage(TaskDefinition td, String image) {
    TaskDefinition copy = Serialization.clone(td);
    copy.getSpec().containerDefinitions.get(0).image = image;
    return copy;
  }

  /** A REPLICA service with ECS's default deployment percentages (100 / 200). */
  public static EcsService replicaService(String name, String taskDefinition, int desiredCount) {
    return replicaService(name, taskDefinition, desiredCount, null, null);
  }

  /** A REPLICA service; null percentages leave ECS's defaults (100 / 200). */
  public static EcsService replicaService(String name, String taskDefinition, int desiredCount,
      Integer minimumHealthyPercent, Integer maximumPercent) {
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.serviceName = name;
    spec.taskDefinition = taskDefinition;
    spec.desiredCount = desiredCount;
    if (minimumHealthyPercent != null || maximumPercent != null) {
      spec.deploymentConfiguration = new DeploymentConfiguration();
      spec.deploymentConfiguration.minimumHealthyPercent = minimumHealthyPercent;
      spec.deploymentConfiguration.maximumPercent = maximumPercent;
    }
    EcsService service = new EcsService();
    service.setMetadata(meta(name));
    service.setSpec(spec);
    return service;
  }

  /** Service auto scaling between {@code min} and {@code max} tasks, tracking average CPU at {@code target}%. */
  public static dev.stevedore.api.v1alpha1.ServiceAutoScaling cpuAutoScaling(int min, int max, double target) {
    dev.stevedore.api.v1alpha1.ServiceAutoScaling scaling = new dev.stevedore.api.v1alpha1.ServiceAutoScaling();
    scaling.minCapacity = min;
    scaling.maxCapacity = max;
    dev.stevedore.api.v1alpha1.TargetTrackingScalingPolicy cpu = new dev.stevedore.api.v1alpha1.TargetTrackingScalingPolicy();
    cpu.policyName = "cpu";
    cpu.predefinedMetricType = "ECSServiceAverageCPUUtilization";
    cpu.targetValue = target;
    cpu.scaleInCooldown = 300;
    cpu.scaleOutCooldown = 60;
    scaling.targetTrackingPolicies = List.of(cpu);
    return scaling;
  }

  public static EcsService daemonService(String name, String taskDefinition, int minimumHealthyPercent) {
    EcsService service = replicaService(name, taskDefinition, 0, minimumHealthyPercent, 100);
    service.getSpec().desiredCount = null;
    service.getSpec().schedulingStrategy = "DAEMON";
    service.getSpec().launchType = "EC2";
    return service;
  }

  private static ObjectMeta meta(String name) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    return meta;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Apply

  public <T extends HasMetadata> T apply(T resource) {
    return client.resource(resource).inNamespace(namespace).fieldManager(FIELD_MANAGER).forceConflicts()
        .serverSideApply();
  }

  /** Every document of a YAML file, applied as {@code kubectl apply --server-side -f} would; returns them. */
  public List<HasMetadata> applyFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<HasMetadata> documents = client.load(in).items();
      documents.forEach(this::apply);
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML file of {@code examples/<example>/}, in name order. */
  public void applyExample(String example) {
    try (Stream<Path> files = Files.list(Repository.examples().resolve(example))) {
      files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(this::applyFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Read

  public EcsService service(String name) {
    return client.resources(EcsService.class).inNamespace(namespace).withName(name).get();
  }

  public TaskDefinition taskDefinition(String name) {
    return client.resources(TaskDefinition.class).inNamespace(namespace).withName(name).get();
  }

  public EcsCluster ecsCluster(String name) {
    return client.resources(EcsCluster.class).inNamespace(namespace).withName(name).get();
  }

  public Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** The service's Deployments (one per capacity provider when a strategy has several), by name. */
  public Map<String, Deployment> deployments(String service) {
    Map<String, Deployment> byName = new TreeMap<>();
    client.apps().deployments().inNamespace(namespace).withLabel(Labels.SERVICE, Names.labelValue(service)).list()
        .getItems().forEach(d -> byName.put(d.getMetadata().getName(), d));
    return byName;
  }

  public DaemonSet daemonSet(String name) {
    return client.apps().daemonSets().inNamespace(namespace).withName(name).get();
  }

  public List<ReplicaSet> replicaSets(String service) {
    return client.apps().replicaSets().inNamespace(namespace).withLabel(Labels.SERVICE, Names.labelValue(service))
        .list().getItems();
  }

  /** The family's ControllerRevisions, by revision number. */
  public List<ControllerRevision> revisions(String family) {
    return client.apps().controllerRevisions().inNamespace(namespace)
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).withLabel(Labels.FAMILY, Names.labelValue(family))
        .list().getItems().stream()
        .sorted(Comparator.comparing(ControllerRevision::getRevision)).toList();
  }

  /** The service's pods that are not being deleted. */
  public List<Pod> pods(String service) {
    return client.pods().inNamespace(namespace).withLabel(Labels.SERVICE, Names.labelValue(service)).list()
        .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  /** Kubernetes Events recorded on one object of this namespace ({@code kind} EcsService, say), oldest first. */
  public List<Event> kubernetesEvents(String kind, String name) {
    return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && kind.equals(e.getRegarding().getKind())
            && name.equals(e.getRegarding().getName()))
        .sorted(Comparator.comparing(e -> Objects.toString(e.getEventTime() == null ? null
            : e.getEventTime().getTime(), "")))
        .toList();
  }

  /** Kubernetes Events recorded on an EcsService, oldest first. */
  public List<Event> kubernetesEvents(String service) {
    return kubernetesEvents("EcsService", service);
  }

  /** kind/name -> uid of everything the operator made (ReplicaSets and pods are the controllers'). */
  public Map<String, String> operatorObjectUids() {
    return Stream.<List<? extends HasMetadata>>of(
            client.apps().deployments().inNamespace(namespace).list().getItems(),
            client.services().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list()
                .getItems(),
            client.serviceAccounts().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .list().getItems(),
            client.configMaps().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list()
                .getItems(),
            client.apps().controllerRevisions().inNamespace(namespace).list().getItems())
        .flatMap(List::stream)
        .collect(Collectors.toMap(r -> r.getKind() + "/" + r.getMetadata().getName(), r -> r.getMetadata().getUid(),
            (a, b) -> a, TreeMap::new));
  }

  public static String arn(String family, int revision) {
    return "arn:aws:ecs:us-east-1:" + InProcessOperator.ACCOUNT + ":task-definition/" + family + ":" + revision;
  }

  public static String revisionName(String family, int revision) {
    return RevisionObjects.controllerRevisionName(family, revision);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Where the tasks run

  /** A label of the node a pod runs on; "unscheduled" when it runs nowhere yet. */
  public String nodeLabel(Pod pod, String label) {
    String nodeName = pod.getSpec().getNodeName();
    if (nodeName == null) {
      return "unscheduled";
    }
    Node node = nodes.computeIfAbsent(nodeName, n -> client.nodes().withName(n).get());
    return node == null || node.getMetadata().getLabels() == null ? "?" : node.getMetadata().getLabels().get(label);
  }

  /** Pods counted by a label of their node. */
  public Map<String, Integer> countByNodeLabel(List<Pod> pods, String label) {
    Map<String, Integer> counts = new TreeMap<>();
    pods.forEach(p -> counts.merge(nodeLabel(p, label), 1, Integer::sum));
    return counts;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Conditions

  public static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static Optional<Condition> condition(EcsService service, String type) {
    return service == null || service.getStatus() == null ? Optional.empty()
        : condition(service.getStatus().conditions, type);
  }

  public static boolean isTrue(EcsService service, String type) {
    return condition(service, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Ready for the current generation. */
  public static boolean ready(EcsService service) {
    return service != null && service.getStatus() != null
        && Objects.equals(service.getStatus().observedGeneration, service.getMetadata().getGeneration())
        && isTrue(service, "Ready");
  }

  /** Ready, running {@code count} tasks of {@code arn} in one COMPLETED PRIMARY deployment. */
  public static boolean steadyAt(EcsService service, String arn, int count) {
    if (!ready(service)) {
      return false;
    }
    var status = service.getStatus();
    List<ServiceDeployment> deployments = status.deployments == null ? List.of() : status.deployments;
    return arn.equals(status.taskDefinition) && Objects.equals(status.runningCount, count)
        && Objects.equals(status.desiredCount, count) && Objects.equals(status.pendingCount, 0)
        && deployments.size() == 1 && "PRIMARY".equals(deployments.get(0).status)
        && "COMPLETED".equals(deployments.get(0).rolloutState) && arn.equals(deployments.get(0).taskDefinition);
  }

  public static boolean stalledWith(EcsService service, String reason) {
    return service != null && service.getStatus() != null
        && Objects.equals(service.getStatus().observedGeneration, service.getMetadata().getGeneration())
        && condition(service, "Stalled").map(c -> "True".equals(c.getStatus()) && reason.equals(c.getReason()))
            .orElse(false);
  }

  /** The service's events, oldest first (status keeps them newest first). */
  public static List<String> eventsOldestFirst(EcsService service) {
    List<ServiceEvent> events = service.getStatus() == null || service.getStatus().events == null ? List.of()
        : service.getStatus().events;
    List<String> messages = new ArrayList<>(events.stream().map(e -> e.message).toList());
    Collections.reverse(messages);
    return messages;
  }

  public static String describe(EcsService service) {
    return service == null ? "no such EcsService" : Serialization.asYaml(service.getStatus());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Waits

  public EcsService awaitService(String name, String what, Duration timeout, Predicate<EcsService> condition) {
    return Waits.until(what + " (EcsService " + namespace + "/" + name + ")", timeout, () -> service(name), condition,
        Ecs::describe);
  }

  public EcsCluster awaitCluster(String name, String what, Duration timeout, Predicate<EcsCluster> condition) {
    return Waits.until(what + " (EcsCluster " + namespace + "/" + name + ")", timeout, () -> ecsCluster(name),
        condition, c -> c == null ? "no such EcsCluster" : Serialization.asYaml(c.getStatus()));
  }

  public TaskDefinition awaitTaskDefinition(String name, String what, Duration timeout,
      Predicate<TaskDefinition> condition) {
    return Waits.until(what + " (TaskDefinition " + namespace + "/" + name + ")", timeout, () -> taskDefinition(name),
        condition, td -> td == null ? "no such TaskDefinition" : Serialization.asYaml(td.getStatus()));
  }

  public List<Pod> awaitPods(String service, String what, Duration timeout, Predicate<List<Pod>> condition) {
    return Waits.until(what + " (pods of " + namespace + "/" + service + ")", timeout, () -> pods(service), condition,
        pods -> pods.stream().map(Pods::describe).collect(Collectors.joining("\n")));
  }

  /** Waits for a Kubernetes Event on an object of this namespace that satisfies {@code condition}. */
  public List<Event> awaitKubernetesEvent(String kind, String name, String what, Duration timeout,
      Predicate<Event> condition) {
    return Waits.until(what + " (an Event on " + kind + " " + namespace + "/" + name + ")", timeout,
        () -> kubernetesEvents(kind, name), events -> events.stream().anyMatch(condition),
        events -> events.stream().map(e -> e.getType() + " " + e.getReason() + ": " + e.getNote())
            .collect(Collectors.joining("\n")));
  }
}
