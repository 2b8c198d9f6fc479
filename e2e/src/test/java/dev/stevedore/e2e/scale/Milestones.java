package dev.stevedore.e2e.scale;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * When each object of one kind first reached each milestone (a Deployment created, Ready, rolled; an EcsService
 * Stable at a revision), as this JVM's informer saw it, in milliseconds of the wall clock. Informer events carry
 * millisecond precision, unlike the objects' own timestamps (whole seconds), which a delay of a second or two would
 * drown in. Objects are keyed by the service they belong to.
 */
final class Milestones<T extends HasMetadata> implements AutoCloseable {
  private final SharedIndexInformer<T> informer;
  private final Function<T, Optional<String>> key;
  private final List<Milestone<T>> milestones = new CopyOnWriteArrayList<>();

  private Milestones(SharedIndexInformer<T> informer, Function<T, Optional<String>> key) {
    this.informer = informer;
    this.key = key;
  }

  /** Starts {@code informer} (not yet running) and records milestones of each object it sees under {@code key}. */
  static <T extends HasMetadata> Milestones<T> follow(SharedIndexInformer<T> informer,
      Function<T, Optional<String>> key) {
    Milestones<T> milestones = new Milestones<>(informer, key);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        milestones.seen(object);
      }

      @Override
      public void onUpdate(T before, T object) {
        milestones.seen(object);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
      }
    });
    informer.start().toCompletableFuture().join();
    return milestones;
  }

  /** From now on, records when each object first satisfies {@code reached}; objects already there count now. */
  void track(String name, Predicate<T> reached) {
    Milestone<T> milestone = new Milestone<>(name, reached);
    milestones.add(milestone);
    informer.getStore().list().forEach(this::seen);
  }

  private void seen(T object) {
    long now = System.currentTimeMillis();
    Optional<String> k = key.apply(object);
    if (k.isEmpty()) {
      return;
    }
    for (Milestone<T> m : milestones) {
      if (!m.times.containsKey(k.get()) && m.reached.test(object)) {
        m.times.putIfAbsent(k.get(), now);
      }
    }
  }

  /** Key to the time (epoch ms) it reached milestone {@code name}. */
  Map<String, Long> times(String name) {
    return milestones.stream().filter(m -> m.name.equals(name)).findFirst()
        .map(m -> Map.copyOf(m.times)).orElseThrow(() -> new IllegalArgumentException("no milestone " + name));
  }

  int count(String name) {
    return times(name).size();
  }

  List<T> objects() {
    return informer.getStore().list();
  }

  @Override
  public void close() {
    informer.close();
  }

  private record Milestone<T>(String name, Predicate<T> reached, Map<String, Long> times) {
    Milestone(String name, Predicate<T> reached) {
      this(name, reached, new ConcurrentHashMap<>());
    }
  }
}
