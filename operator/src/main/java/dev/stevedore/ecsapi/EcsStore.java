package dev.stevedore.ecsapi;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.naming.Labels;
import dev.stevedore.revision.FamilyRevisions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What the ECS endpoint reads: informer caches of the served namespace's Stevedore resources, their revisions and
 * the pods that run their tasks. No database: the custom resources are the store, so what kubectl made is visible
 * here and the reverse.
 */
public final class EcsStore implements AutoCloseable {
  private static final String BY_CLUSTER = "cluster";
  private static final String BY_ECS_NAME = "ecsName";
  private final String namespace;
  private final SharedIndexInformer<TaskDefinition> taskDefinitions;
  private final SharedIndexInformer<EcsService> services;
  private final SharedIndexInformer<EcsCluster> clusters;
  private final SharedIndexInformer<EcsTask> tasks;
  private final SharedIndexInformer<ControllerRevision> revisions;
  private final SharedIndexInformer<Pod> pods;
  /** Moves on every change the services informer sees, so a list built from the cache knows when it is stale. */
  private final AtomicLong servicesVersion = new AtomicLong();
  private final Map<String, SortedNames> serviceNames = new ConcurrentHashMap<>();

  private record SortedNames(long version, List<String> names) {}

  public EcsStore(KubernetesClient client, String namespace) {
    this.namespace = namespace;
    taskDefinitions = client.resources(TaskDefinition.class).inNamespace(namespace).inform();
    services = client.resources(EcsService.class).inNamespace(namespace).runnableInformer(0);
    // DescribeServices and ListServices look services up by cluster and ECS name: indexed, not scanned.
    services.addIndexers(Map.of(BY_CLUSTER, s -> List.of(EcsNames.clusterOf(s)),
        BY_ECS_NAME, s -> List.of(EcsNames.clusterOf(s) + "/" + EcsNames.serviceName(s))));
    services.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(EcsService service) {
        servicesVersion.incrementAndGet();
      }

      @Override
      public void onUpdate(EcsService before, EcsService after) {
        servicesVersion.incrementAndGet();
      }

      @Override
      public void onDelete(EcsService service, boolean finalStateUnknown) {
        servicesVersion.incrementAndGet();
      }
    });
    services.run();
    clusters = client.resources(EcsCluster.class).inNamespace(namespace).inform();
    tasks = client.resources(EcsTask.class).inNamespace(namespace).inform();
    revisions = client.apps().controllerRevisions().inNamespace(namespace)
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).withLabel(Labels.FAMILY).inform();
    pods = client.pods().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .withLabel(Labels.SERVICE).inform();
  }

  public String namespace() {
    return namespace;
  }

  public List<EcsCluster> clusters() {
    return live(clusters.getStore().list());
  }

  public Optional<EcsCluster> cluster(String clusterName) {
    return clusters().stream().filter(c -> EcsCluster.clusterName(c).equals(clusterName)).findFirst();
  }

  /** Services being deleted included: ECS shows them DRAINING until they are gone. */
  public List<EcsService> services() {
    return services.getStore().list().stream().sorted(Comparator.comparing(o -> o.getMetadata().getName())).toList();
  }

  /**
   * The ECS names of a cluster's services, sorted: what ListServices pages through. Sorted once per change of the
   * services, not once per page, so that paging through a cluster of 1000 costs a page, not a sort.
   */
  public List<String> serviceNamesIn(String clusterName) {
    long version = servicesVersion.get();
    SortedNames cached = serviceNames.get(clusterName);
    if (cached != null && cached.version() == version) {
      return cached.names();
    }
    List<String> names = services.getIndexer().byIndex(BY_CLUSTER, clusterName).stream()
        .map(EcsNames::serviceName).sorted().toList();
    if (serviceNames.size() > 1000) {
      // Names asked for that are no cluster's must not pile up.
      serviceNames.clear();
    }
    serviceNames.put(clusterName, new SortedNames(version, names));
    return names;
  }

  public List<EcsService> servicesIn(String clusterName) {
    return services.getIndexer().byIndex(BY_CLUSTER, clusterName).stream()
        .sorted(Comparator.comparing(o -> o.getMetadata().getName())).toList();
  }

  public Optional<EcsService> service(String clusterName, String serviceName) {
    return services.getIndexer().byIndex(BY_ECS_NAME, clusterName + "/" + serviceName).stream()
        .min(Comparator.comparing(o -> o.getMetadata().getName()));
  }

  public List<TaskDefinition> taskDefinitions() {
    return live(taskDefinitions.getStore().list());
  }

  public Optional<TaskDefinition> taskDefinition(String family) {
    return taskDefinitions().stream().filter(t -> EcsNames.family(t).equals(family))
        .min(Comparator.comparing((TaskDefinition t) -> t.getMetadata().getCreationTimestamp())
            .thenComparing(t -> t.getMetadata().getName()));
  }

  public FamilyRevisions revisions(String family) {
    return FamilyRevisions.of(family, revisions.getStore().list());
  }

  public List<String> families() {
    return revisions.getStore().list().stream()
        .map(r -> r.getMetadata().getAnnotations() == null ? null
            : r.getMetadata().getAnnotations().get(dev.stevedore.revision.RevisionObjects.FAMILY_ANNOTATION))
        .filter(Objects::nonNull).distinct().sorted().toList();
  }

  public List<EcsTask> tasks() {
    return live(tasks.getStore().list());
  }

  public List<Pod> servicePods(EcsService service) {
    String label = dev.stevedore.naming.Names.labelValue(service.getMetadata().getName());
    return pods.getStore().list().stream()
        .filter(p -> label.equals(p.getMetadata().getLabels().get(Labels.SERVICE))).toList();
  }

  /** Waits until the caches hold {@code written} at least at its resourceVersion: read-your-writes for callers. */
  public <T extends HasMetadata> void awaitSeen(T written, Duration timeout) {
    awaitState(written, o -> !olderThan(o, written), timeout);
  }

  /** Waits until the caches no longer hold an object of that kind and name, or it is being deleted. */
  public <T extends HasMetadata> void awaitGone(T deleted, Duration timeout) {
    awaitState(deleted, o -> o == null || o.getMetadata().getDeletionTimestamp() != null, timeout);
  }

  /** Waits for a condition on the cached object of that kind and name (null when absent); true if it held. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Optional<T> awaitState(T object, Predicate<T> condition, Duration timeout) {
    SharedIndexInformer<T> informer = (SharedIndexInformer<T>) informerOf(object);
    boolean held = awaitCache(informer, object.getMetadata().getName(), condition, timeout);
    return held ? Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + object.getMetadata().getName()))
        : Optional.empty();
  }

  private <T extends HasMetadata> boolean awaitCache(SharedIndexInformer<T> informer, String name,
      Predicate<T> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String key = namespace + "/" + name;
    while (true) {
      if (condition.test(informer.getStore().getByKey(key))) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private static boolean olderThan(HasMetadata cached, HasMetadata written) {
    if (cached == null) {
      return true;
    }
    try {
      return Long.parseLong(cached.getMetadata().getResourceVersion())
          < Long.parseLong(written.getMetadata().getResourceVersion());
    } catch (NumberFormatException e) {
      return !Objects.equals(cached.getMetadata().getResourceVersion(), written.getMetadata().getResourceVersion());
    }
  }

  private SharedIndexInformer<? extends HasMetadata> informerOf(HasMetadata object) {
    Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> byKind = Map.of(TaskDefinition.class, taskDefinitions,
        EcsService.class, services, EcsCluster.class, clusters, EcsTask.class, tasks);
    SharedIndexInformer<? extends HasMetadata> informer = byKind.get(object.getClass());
    if (informer == null) {
      throw new IllegalArgumentException("the ECS endpoint caches no " + object.getKind());
    }
    return informer;
  }

  private static <T extends HasMetadata> List<T> live(List<T> objects) {
    return objects.stream().filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(o -> o.getMetadata().getName())).toList();
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> informer : List.of(taskDefinitions, services, clusters, tasks, revisions, pods)) {
      informer.close();
    }
  }
}
