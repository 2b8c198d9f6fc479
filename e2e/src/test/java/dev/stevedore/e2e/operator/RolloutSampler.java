package dev.stevedore.e2e.operator;

import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records, while a service rolls, how many of its pods are available and how many exist (not terminating), and of
 * which task definition revision. Two sources feed it: a LIST of the pods every 200 ms from a background thread
 * ({@link Source#POLL}), and every change a pod watch delivers ({@link Source#WATCH}). The watch sees each state the
 * API server went through in order, so the extremes of a rollout cannot slip between two polls; the polls check the
 * watch and add the passing of time (a pod becomes available minReadySeconds after it became Ready, with no event).
 *
 * <p>Available means what the Deployment and DaemonSet controllers mean: not terminating, Ready, and Ready for at
 * least minReadySeconds (from the Ready condition's lastTransitionTime, the controllers' own rule).
 */
public final class RolloutSampler implements AutoCloseable {
  static final long PERIOD_MILLIS = 200;

  public enum Source { POLL, WATCH }

  /**
   * One observation.
   *
   * @param at when it was taken
   * @param source a poll or a watch event
   * @param available available pods
   * @param total pods that exist and are not terminating
   * @param totalByRevision total per task definition revision (label ecs.stevedore.dev/revision)
   * @param maxPerNode the most non-terminating pods on one node
   */
  public record Sample(Instant at, Source source, int available, int total, Map<String, Integer> totalByRevision,
                int maxPerNode) {
    boolean mixed() {
      return totalByRevision.values().stream().filter(n -> n > 0).count() > 1;
    }
  }

  /** What the samples add up to. */
  public record Summary(int samples, int polls, int minAvailable, int maxTotal, boolean mixedSeen, int maxPerNode,
                 int minAvailablePolled, int maxTotalPolled, boolean mixedSeenPolled) {
    @Override
    public String toString() {
      return String.format("%d samples (%d polls): available >= %d, total <= %d, mixed=%s, maxPerNode=%d;"
              + " polls alone: available >= %d, total <= %d, mixed=%s",
          samples, polls, minAvailable, maxTotal, mixedSeen, maxPerNode, minAvailablePolled, maxTotalPolled,
          mixedSeenPolled);
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String selectorValue;
  private final int minReadySeconds;
  private final List<Sample> samples = new ArrayList<>();
  private final SharedIndexInformer<Pod> informer;
  private final ScheduledExecutorService poller;
  private volatile boolean closing;
  private volatile int failedPolls;
  private volatile Throwable pollFailure;

  /** Starts sampling the pods of {@code service}, whose workload has {@code minReadySeconds}. */
  public RolloutSampler(KubernetesClient client, String namespace, String service, int minReadySeconds) {
    this.client = client;
    this.namespace = namespace;
    this.selectorValue = Names.labelValue(service);
    this.minReadySeconds = minReadySeconds;
    this.informer = client.pods().inNamespace(namespace).withLabel(Labels.SERVICE, selectorValue).runnableInformer(0);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        fromWatch();
      }

      @Override
      public void onUpdate(Pod before, Pod pod) {
        fromWatch();
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        fromWatch();
      }
    });
    informer.run();
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rollout-sampler-" + service);
      t.setDaemon(true);
      return t;
    });
    poller.scheduleAtFixedRate(this::poll, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void fromWatch() {
    record(Source.WATCH, informer.getStore().list());
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

  private void record(Source source, Collection<Pod> pods) {
    Instant now = Instant.now();
    int available = 0;
    int total = 0;
    Map<String, Integer> byRevision = new TreeMap<>();
    Map<String, Integer> perNode = new HashMap<>();
    for (Pod pod : pods) {
      if (!live(pod)) {
        continue;
      }
      total++;
      String revision = pod.getMetadata().getLabels() == null ? "?"
          : pod.getMetadata().getLabels().getOrDefault(Labels.REVISION, "?");
      byRevision.merge(revision, 1, Integer::sum);
      if (pod.getSpec().getNodeName() != null) {
        perNode.merge(pod.getSpec().getNodeName(), 1, Integer::sum);
      }
      if (available(pod, now)) {
        available++;
      }
    }
    int maxPerNode = perNode.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    synchronized (samples) {
      samples.add(new Sample(now, source, available, total, Map.copyOf(byRevision), maxPerNode));
    }
  }

  /** Exists and is not on its way out. */
  static boolean live(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
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
    return new Summary(all.size(), polls.size(),
        all.stream().mapToInt(Sample::available).min().orElse(-1),
        all.stream().mapToInt(Sample::total).max().orElse(-1),
        all.stream().anyMatch(Sample::mixed),
        all.stream().mapToInt(Sample::maxPerNode).max().orElse(-1),
        polls.stream().mapToInt(Sample::available).min().orElse(-1),
        polls.stream().mapToInt(Sample::total).max().orElse(-1),
        polls.stream().anyMatch(Sample::mixed));
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
    informer.close();
    // A LIST that fails now and then (a slow API server on two cores) costs one sample; many would blind the test.
    int polls = (int) samples().stream().filter(s -> s.source() == Source.POLL).count();
    if (pollFailure != null && failedPolls * 20 > polls + failedPolls) {
      throw new AssertionError(failedPolls + " of " + (polls + failedPolls) + " polls failed", pollFailure);
    }
  }
}
