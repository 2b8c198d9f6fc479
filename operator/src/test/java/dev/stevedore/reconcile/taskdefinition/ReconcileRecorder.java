package dev.stevedore.reconcile.taskdefinition;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which versions of which resources a reconcile finished for, through JOSDK's metrics hook, so a
 * test can wait until the reconciler has seen a change instead of sleeping and hoping it did.
 */
final class ReconcileRecorder implements Metrics {
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    finished.add(key(resource));
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    failures.merge(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName(), 1, Integer::sum);
  }

  /** How many reconciles of the resource named so failed (threw), any version. */
  int failuresOf(String namespace, String name) {
    return failures.getOrDefault(namespace + "/" + name, 0);
  }

  /** True once a reconcile of exactly this version of the resource has finished successfully. */
  boolean finishedFor(HasMetadata resource) {
    return finished.contains(key(resource));
  }

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + "@"
        + resource.getMetadata().getResourceVersion();
  }
}
