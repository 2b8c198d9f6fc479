package dev.stevedore.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An informer store that keeps of each object only what its readers use: never {@code metadata.managedFields}, and
 * for a cache that only counts or maps (a second copy of the pods, of the services), less still. The ownership
 * records are the largest part of a cached pod or ReplicaSet (every field of its spec and status, once per writer),
 * and only drift detection reads them, on the objects Stevedore itself writes, whose caches keep the default store.
 * At 300 services they were about a third of the operator's heap (docs/benchmarks.md).
 */
public final class LeanStore<R extends HasMetadata> extends BasicItemStore<R> {
  private final Consumer<R> prune;

  private LeanStore(Consumer<R> prune) {
    super(Cache::metaNamespaceKeyFunc);
    this.prune = prune;
  }

  @Override
  public R put(String key, R object) {
    // The object was just read from a list or watch, and goes to no one before the store has it: the event
    // handlers and filters see it pruned too.
    object.getMetadata().setManagedFields(null);
    prune.accept(object);
    return super.put(key, object);
  }

  /**
   * The store for an informer of a controller that watches {@code namespaces}, or null for the informer's own store.
   * JOSDK hands one configured store to every informer of an event source, one informer per namespace: shared by
   * several at once, each one's relist would drop the others' objects. One informer (all namespaces, or one) is safe.
   */
  public static <R extends HasMetadata> ItemStore<R> forNamespaces(Set<String> namespaces, Consumer<R> prune) {
    return InformerConfiguration.allNamespacesWatched(namespaces) || namespaces.size() == 1
        ? new LeanStore<>(prune) : null;
  }

  /** Objects without their ownership records, for a secondary informer that follows its controller's namespaces. */
  public static <R extends HasMetadata> ItemStore<R> forController(EventSourceContext<?> context) {
    return forController(context, object -> { });
  }

  /** As {@link #forController(EventSourceContext)}, {@code prune} taking away more of each object. */
  public static <R extends HasMetadata> ItemStore<R> forController(EventSourceContext<?> context, Consumer<R> prune) {
    return forNamespaces(context.getControllerConfiguration().getInformerConfig().getNamespaces(), prune);
  }

  /** For an informer of cluster-scoped objects (nodes): always one informer. */
  public static <R extends HasMetadata> ItemStore<R> forClusterScoped() {
    return new LeanStore<>(object -> { });
  }
}
