package dev.stevedore.e2e.harness;

import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records, while a service rolls, its pods as ECS counts tasks: how many are available and how many exist (not
 * terminating), of which task definition revision, on which node and under which capacity provider, and how many
 * tasks its ReplicaSets ask for. Two sources feed it: every change a watch delivers ({@link Source#WATCH}), which
 * sees each state the API server went through in order, so the extremes of a rollout cannot slip between two
 * polls; and a LIST every 200 ms ({@link Source#POLL}), which checks the watch and adds the passing of time (a pod
 * becomes available minReadySeconds after it became Ready, with no event).
 *
 * <p>Available means what the Deployment and DaemonSet controllers mean: not terminating, Ready, and Ready for at
 * least minReadySeconds (from the Ready condition's lastTransitionTime, the controllers' own rule). Requested is
 * the sum of the ReplicaSets' spec.replicas, which is what maxSurge bounds; the pods that exist can pass it for a
 * moment, when the ReplicaSet controller creates a new pod before it marks the old one deleted.
 */
public final class PodSampler implements AutoCloseable {
  static final long PERIOD_MILLIS = 200;
  private static final String NO_PROVIDER = "-";

  public enum Source { POLL, WATCH }

  /**
   * One observation of the pods.
   *
   * @param at when it was taken
   * @param source a poll or a watch event
   * @param available available pods
   * @param total pods that exist and are not terminating
   * @param totalByRevision total per task definition revision (label ecs.stevedore.dev/revision)
   * @param maxPerNode the most non-terminating pods on one node
   * @param mixedProviders the capacity providers that run tasks of two revisions side by side
   */
  public record Sample(Instant at, Source source, int available, int total, Map<String, Integer> totalByRevision,
                       int maxPerNode, List<String> mixedProviders) {
    boolean mixed() {
      return totalByRevision.values().stream().filter(n -> n > 0).count() > 1;
    }
  }

  /**
   * What the samples add up to.
   *
   * @param mixedByProvider per capacity provider ("-" for none), whether its tasks of two revisions ran side by side
   * @param providersRolledTogether at some moment two providers each ran old and new tasks side by side
   * @param maxRequested the most tasks the ReplicaSets asked for at once
   */
  public record Summary(int samples, int polls, int minAvailable, int maxTotal, boolean mixedSeen, int maxPerNode,
                        int minAvailablePolled, int maxTotalPolled, boolean mixedSeenPolled,
                        Map<String, Boolean> mixedByProvider, boolean providersRolledTogether, int maxRequested) {
    @Override
    public String toString() {
      return String.format("%d samples (%d polls): available >= %d, total <= %d, mixed=%s, maxPerNode=%d;"
              + " polls alone: available >= %d, total <= %d, mixed=%s; tasks asked for <= %d; side by side per"
              + " provider %s, providers rolling at the same time: %s",
          samples, polls, minAvailable, maxTotal, mixedSeen, maxPerNode, minAvailablePolled, maxTotalPolled,
          mixedSeenPolled, maxRequested, mixedByProvider, providersRolledTogether);
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String selectorValue;
  private final int minReadySeconds;
  private final List<Sample> samples = new ArrayList<>();
  /** Every provider whose pods were seen, and whether it ran two revisions side by side (guarded by samples). */
  private final Map<String, Boolean> providersSeen = new TreeMap<>();
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<ReplicaSet> replicaSets;
  private final ScheduledExecutorService poller;
  /** Watch events count once the informers have listed everything: before, their stores hold only a part. */
  private volatile boolean synced;
  private volatile boolean closing;
  private volatile int failedPolls;
  private volatile Throwable pollFailure;
  private int maxRequested;

  /** Starts sampling the pods of {@code service}, whose workloads have {@code minReadySeconds}. */
  public PodSampler(KubernetesClient client, String namespace, String service, int minReadySeconds) {
    this.client = client;
    this.namespace = namespace;
    this.selectorValue = Names.labelValue(service);
    this.minReadySeconds = minReadySeconds;
    this.pods = client.pods().inNamespace(namespace).withLabel(Labels.SERVICE, selectorValue).runnableInformer(0);
    pods.addEventHandler(onAnyChange(() -> record(Source.WATCH, pods.getStore().list())));
    this.replicaSets = client.apps().replicaSets().inNamespace(namespace).withLabel(Labels.SERVICE, selectorValue)
        .runnableInformer(0);
    replicaSets.addEventHandler(onAnyChange(this::requested));
    pods.run();
    replicaSets.run();
    synced = true;
    requested();
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pod-sampler-" + service);
      t.setDaemon(true);
      return t;
    });
    poller.scheduleAtFixedRate(this::poll, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static <T> ResourceEventHandler<T> onAnyChange(Runnable action) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        action.run();
      }

      @Override
      public void onUpdate(T before, T object) {
        action.run();
      }

      @Override
      public void onDelete(T object, boolean unknownFinalState) {
        action.run();
      }
    };
  }

  private void poll() {
    try {
      record(Source.POLL, client.pods().inNamespace(namespace).withLabel(Labels.SERVICE, selectorValue).list()
          .getItems());
    } catch (RuntimeException e) {
      if (!closing) {
        failedPolls++;
        pollFailure = e;
      }
    }
  }

  private synchronized void requested() {
    if (!synced) {
      return;
    }
    int sum = replicaSets.getStore().list().stream()
        .mapToInt(rs -> Objects.requireNonNullElse(rs.getSpec().getReplicas(), 0)).sum();
    maxRequested = Math.max(maxRequested, sum);
  }

  private void record(Source source, Collection<Pod> observed) {
    if (!synced) {
      return;
    }
    Instant now = Instant.now();
    int available = 0;
    int total = 0;
    Map<String, Integer> byRevision = new TreeMap<>();
    Map<String, Integer> perNode = new HashMap<>();
    Map<String, Map<String, Integer>> byProvider = new TreeMap<>();
    for (Pod pod : observed) {
      if (!Pods.isLive(pod)) {
        continue;
      }
      total++;
      String revision = Objects.requireNonNullElse(Pods.revision(pod), "?");
      byRevision.merge(revision, 1, Integer::sum);
      String provider = pod.getMetadata().getLabels() == null ? NO_PROVIDER
          : pod.getMetadata().getLabels().getOrDefault(Labels.CAPACITY_PROVIDER, NO_PROVIDER);
      byProvider.computeIfAbsent(provider, p -> new TreeMap<>()).merge(revision, 1, Integer::sum);
      if (pod.getSpec().getNodeName() != null) {
        perNode.merge(pod.getSpec().getNodeName(), 1, Integer::sum);
      }
      if (available(pod, now)) {
        available++;
      }
    }
    int maxPerNode = perNode.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<String> mixedProviders = byProvider.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .map(Map.Entry::getKey).toList();
    Sample sample = new Sample(now, source, available, total, Map.copyOf(byRevision), maxPerNode, mixedProviders);
    synchronized (samples) {
      samples.add(sample);
      byProvider.keySet().forEach(p -> providersSeen.putIfAbsent(p, false));
      mixedProviders.forEach(p -> providersSeen.put(p, true));
    }
  }

  private boolean available(Pod pod, Instant now) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
        if (minReadySeconds == 0) {
          return true;
        }
        return c.getLastTransitionTime() != null
            && Instant.parse(c.getLastTransitionTime()).plusSeconds(minReadySeconds).isBefore(now);
      }
    }
    return false;
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  public Summary summary() {
    List<Sample> all = samples();
    List<Sample> polls = all.stream().filter(s -> s.source() == Source.POLL).toList();
    Map<String, Boolean> mixedByProvider;
    synchronized (samples) {
      mixedByProvider = new TreeMap<>(providersSeen);
    }
    int requested;
    synchronized (this) {
      requested = maxRequested;
    }
    return new Summary(all.size(), polls.size(),
        all.stream().mapToInt(Sample::available).min().orElse(-1),
        all.stream().mapToInt(Sample::total).max().orElse(-1),
        all.stream().anyMatch(Sample::mixed),
        all.stream().mapToInt(Sample::maxPerNode).max().orElse(-1),
        polls.stream().mapToInt(Sample::available).min().orElse(-1),
        polls.stream().mapToInt(Sample::total).max().orElse(-1),
        polls.stream().anyMatch(Sample::mixed),
        mixedByProvider,
        all.stream().anyMatch(s -> s.mixedProviders().size() > 1),
        requested);
  }

  /** Samples that break the bounds, for the failure message. */
  public List<Sample> outside(int minAvailable, int maxTotal) {
    return samples().stream().filter(s -> s.available() < minAvailable || s.total() > maxTotal).toList();
  }

  @Override
  public void close() {
    closing = true;
    poller.shutdown();
    try {
      if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
        poller.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pods.close();
    replicaSets.close();
    // A LIST that fails now and then (a slow API server on two cores) costs one sample; many would blind the test.
    int polls = (int) samples().stream().filter(s -> s.source() == Source.POLL).count();
    if (pollFailure != null && failedPolls * 20 > polls + failedPolls) {
      throw new AssertionError(failedPolls + " of " + (polls + failedPolls) + " polls failed", pollFailure);
    }
  }
}
