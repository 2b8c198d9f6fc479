package dev.stevedore.e2e.operator;

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
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * ECS resources for one test namespace: builds them as a user writes them, applies them with server-side apply
 * (as kubectl apply --server-side or a GitOps tool would), reads what the operator made of them, and waits for
 * conditions with a bound.
 */
public final class Ecs {
  public static final String FIELD_MANAGER = "e2e-user";
  public static final String IMAGE_V1 = "public.ecr.aws/nginx/nginx:1.27";
  public static final String IMAGE_V2 = "public.ecr.aws/nginx/nginx:1.28";
  public static final Duration POLL = Duration.ofMillis(250);

  private final KubernetesClient client;
  private final String namespace;

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
    EcsCluster cluster = new EcsCluster();
    cluster.setMetadata(meta(name));
    cluster.setSpec(new EcsClusterSpec());
    cluster.getSpec().clusterName = name;
    return cluster;
  }

  /**
   * A one-container web task. Without a health check ECS counts a task healthy 40 s after it starts (the
   * translation sets minReadySeconds 40); with one, as soon as the check passes (KWOK reports Ready at once).
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

  public static TaskDefinition withImage(TaskDefinition td, String image) {
    TaskDefinition copy = Serialization.clone(td);
    copy.getSpec().containerDefinitions.get(0).image = image;
    return copy;
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
  // Apply and read

  public <T extends HasMetadata> T apply(T resource) {
    return client.resource(resource).inNamespace(namespace).fieldManager(FIELD_MANAGER).forceConflicts()
        .serverSideApply();
  }

  public EcsService service(String name) {
    return client.resources(EcsService.class).inNamespace(namespace).withName(name).get();
  }

  public TaskDefinition taskDefinition(String name) {
    return client.resources(TaskDefinition.class).inNamespace(namespace).withName(name).get();
  }

  public Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  public DaemonSet daemonSet(String name) {
    return client.apps().daemonSets().inNamespace(namespace).withName(name).get();
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

  /** Kubernetes Events recorded on the service, oldest first. */
  public List<Event> kubernetesEvents(String service) {
    return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && "EcsService".equals(e.getRegarding().getKind())
            && service.equals(e.getRegarding().getName()))
        .sorted(Comparator.comparing(e -> Objects.toString(e.getEventTime() == null ? null
            : e.getEventTime().getTime(), "")))
        .toList();
  }

  public String arn(String family, int revision) {
    return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":" + revision;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Conditions on a service

  public static Optional<Condition> condition(EcsService service, String type) {
    if (service == null || service.getStatus() == null || service.getStatus().conditions == null) {
      return Optional.empty();
    }
    return service.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
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
    java.util.Collections.reverse(messages);
    return messages;
  }

  public static String describe(EcsService service) {
    return service == null ? "no such EcsService" : Serialization.asYaml(service.getStatus());
  }

  public EcsService awaitService(String name, String what, Duration timeout, Predicate<EcsService> condition) {
    return await(what + " (EcsService " + namespace + "/" + name + ")", timeout, () -> service(name), condition,
        Ecs::describe);
  }

  /** Polls {@code read} until {@code condition} holds; fails with the last value seen when the time is up. */
  public static <T> T await(String what, Duration timeout, Supplier<T> read, Predicate<T> condition,
      java.util.function.Function<T, String> describe) {
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

  public static String revisionName(String family, int revision) {
    return RevisionObjects.controllerRevisionName(family, revision);
  }
}
