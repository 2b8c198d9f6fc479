package dev.stevedore.e2e.placement;

import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a service's pods and ReplicaSets across all its providers while it rolls, and keeps the extremes ECS
 * bounds: the fewest healthy tasks, the most tasks the Deployment controllers have asked for (the sum of the
 * ReplicaSets' spec.replicas, which is what maxSurge bounds) and the most pods that exist and are not terminating.
 * The last can pass the second for a moment: when a Deployment scales an old ReplicaSet down and its new one up,
 * the ReplicaSet controller may create the new pod before it marks the old one deleted. The task definitions it is
 * used with have a health check, so a Ready pod is a healthy task at once (minReadySeconds 0). Fed by every watch
 * event (each state the API server went through, in order) and by a LIST every 200 ms.
 */
final class BudgetSampler implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String service;
  private volatile SharedIndexInformer<Pod> informer;
  private volatile SharedIndexInformer<ReplicaSet> replicaSets;
  private int maxRequested;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private int samples;
  private int minHealthy = Integer.MAX_VALUE;
  private int maxTotal;
  /** Per provider, whether its pods of two revisions were seen side by side. */
  private final Map<String, Boolean> mixedByProvider = new TreeMap<>();
  private boolean providersRolledTogether;
  /** Samples count once the watch has listed every pod: before, the map holds only some of them. */
  private volatile boolean synced;

  BudgetSampler(KubernetesClient client, String namespace, String service) {
    this.client = client;
    this.namespace = namespace;
    this.service = service;
    informer = client.pods().inNamespace(namespace).withLabel(Labels.SERVICE, Names.labelValue(service))
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            watched(pod, false);
          }

          @Override
          public void onUpdate(Pod before, Pod pod) {
            watched(pod, false);
          }

          @Override
          public void onDelete(Pod pod, boolean unknown) {
            watched(pod, true);
          }
        }, 0);
    replicaSets = client.apps().replicaSets().inNamespace(namespace)
        .withLabel(Labels.SERVICE, Names.labelValue(service)).inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(ReplicaSet rs) {
            requested();
          }

          @Override
          public void onUpdate(ReplicaSet before, ReplicaSet rs) {
            requested();
          }

          @Override
          public void onDelete(ReplicaSet rs, boolean unknown) {
            requested();
          }
        }, 0);
    synced = true;
    requested();
    poller.scheduleAtFixedRate(this::poll, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** Each watch event: the informer's store, which holds every pod once the first list is in. */
  private void watched(Pod pod, boolean deleted) {
    if (synced) {
      sample(informer.getStore().list());
    }
  }

  private synchronized void requested() {
    if (!synced || replicaSets == null) {
      return;
    }
    int sum = replicaSets.getStore().list().stream()
        .mapToInt(rs -> rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas()).sum();
    maxRequested = Math.max(maxRequested, sum);
  }

  private void poll() {
    try {
      sample(client.pods().inNamespace(namespace).withLabel(Labels.SERVICE, Names.labelValue(service)).list()
          .getItems());
    } catch (RuntimeException e) {
      // a failed poll is a missed sample, not a failed test; the watch keeps sampling
    }
  }

  private synchronized void sample(Collection<Pod> pods) {
    if (!synced) {
      return;
    }
    int total = 0;
    int healthy = 0;
    Map<String, Map<String, Integer>> byProvider = new HashMap<>();
    for (Pod p : pods) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      total++;
      if (p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
        healthy++;
      }
      Map<String, String> labels = p.getMetadata().getLabels();
      byProvider.computeIfAbsent(labels.get(Labels.CAPACITY_PROVIDER), k -> new TreeMap<>())
          .merge(labels.get(Labels.REVISION), 1, Integer::sum);
    }
    samples++;
    minHealthy = Math.min(minHealthy, healthy);
    maxTotal = Math.max(maxTotal, total);
    int mixedNow = 0;
    for (Map.Entry<String, Map<String, Integer>> e : byProvider.entrySet()) {
      boolean mixed = e.getValue().size() > 1;
      mixedByProvider.merge(e.getKey(), mixed, Boolean::logicalOr);
      mixedNow += mixed ? 1 : 0;
    }
    providersRolledTogether |= mixedNow > 1;
  }

  synchronized int samples() {
    return samples;
  }

  synchronized int minHealthy() {
    return minHealthy;
  }

  /** The most tasks the Deployment controllers asked for at once: the sum of the ReplicaSets' spec.replicas. */
  synchronized int maxRequested() {
    return maxRequested;
  }

  /** The most pods that existed at once and were not terminating. */
  synchronized int maxTotal() {
    return maxTotal;
  }

  synchronized Map<String, Boolean> mixedByProvider() {
    return new TreeMap<>(mixedByProvider);
  }

  /** At some moment, two providers each ran old and new tasks side by side. */
  synchronized boolean providersRolledTogether() {
    return providersRolledTogether;
  }

  @Override
  public synchronized String toString() {
    return samples + " samples: healthy >= " + minHealthy + ", tasks asked for <= " + maxRequested + ", pods <= "
        + maxTotal + ", rolled side by side per"
        + " provider " + mixedByProvider + ", providers rolling at the same time: " + providersRolledTogether;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    informer.close();
    if (replicaSets != null) {
      replicaSets.close();
    }
  }
}
