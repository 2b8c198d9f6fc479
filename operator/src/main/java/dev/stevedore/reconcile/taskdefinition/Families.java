package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import java.util.List;

/**
 * The family a TaskDefinition registers its revisions under, and the cache index that finds the members of a
 * family in a namespace. Pure.
 */
final class Families {
  /** Name of the index, on the TaskDefinition cache, keyed by {@link #indexKey(String, String)}. */
  static final String INDEX = "family";

  private Families() {}

  /** spec.family, or metadata.name when the spec names no family (ECS requires a family, Kubernetes a name). */
  static String of(TaskDefinition taskDefinition) {
    String family = taskDefinition.getSpec() == null ? null : taskDefinition.getSpec().family;
    return family == null || family.isEmpty() ? taskDefinition.getMetadata().getName() : family;
  }

  static String indexKey(String namespace, String family) {
    return namespace + "/" + family;
  }

  static String indexKey(TaskDefinition taskDefinition) {
    return indexKey(taskDefinition.getMetadata().getNamespace(), of(taskDefinition));
  }

  /** The indexer function of {@link #INDEX}. */
  static List<String> indexKeys(TaskDefinition taskDefinition) {
    return List.of(indexKey(taskDefinition));
  }
}
