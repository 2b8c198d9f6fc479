package dev.stevedore.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import java.util.Set;

/**
 * An informer store that keeps each object without {@code metadata.managedFields}. The field-ownership records are
 * the largest part of a cached pod or ReplicaSet (every field of its spec and status, once per writer), and only
 * drift detection reads them, on the objects Stevedore itself writes; every other cache holds them for nothing.
 * At 300 services they were about a third of the operator's heap (docs/benchmarks.md).
 */
public final class StoreWithoutManagedFields<R extends HasMetadata> extends BasicItemStore<R> {
  private StoreWithoutManagedFields() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public R put(String key, R object) {
    // The object was just read from a list or watch and goes to no one before the store has it.
    object.getMetadata().setManagedFields(null);
    return super.put(key, object);
  }

  /**
   * The store for an informer of a controller that watches {@code namespaces}, or null for the informer's own store.
   * JOSDK hands one configured store to every informer of an event source, one informer per namespace: shared by
   * several at once, each one's relist would drop the others' objects. One informer (all namespaces, or one) is safe.
   */
  public static <R extends HasMetadata> ItemStore<R> forNamespaces(Set<String> namespaces) {
    return InformerConfiguration.allNamespacesWatched(namespaces) || namespaces.size() == 1
        ? new StoreWithoutManagedFields<>() : null;
  }

  /** {@link #forNamespaces} for a secondary informer that follows its controller's namespaces. */
  public static <R extends HasMetadata> ItemStore<R> forController(EventSourceContext<?> context) {
    return forNamespaces(context.getControllerConfiguration().getInformerConfig().getNamespaces());
  }

  /** For an informer of cluster-scoped objects (nodes): always one informer. */
  public static <R extends HasMetadata> ItemStore<R> forClusterScoped() {
    return new StoreWithoutManagedFields<>();
  }
}
