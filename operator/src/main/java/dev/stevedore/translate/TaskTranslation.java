package dev.stevedore.translate;

import dev.stevedore.naming.Names;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One task definition's translation in progress: its inputs, its container names, and what the parts add. */
final class TaskTranslation {
  private final RegisteredTaskDefinition revision;
  private final PodTemplateTranslator.Options options;
  private final TranslationReport report = new TranslationReport();
  private final Map<String, String> kubernetesNames = new LinkedHashMap<>();
  // Sorted so that the template does not depend on the order in which the parts annotate it.
  private final Map<String, String> annotations = new TreeMap<>();
  private final TaskDefinitionSpec spec;
  private final ContainerDefinition firstEssential;
  private final int terminationGracePeriod;

  TaskTranslation(RegisteredTaskDefinition revision, PodTemplateTranslator.Options options) {
    this.revision = revision;
    this.options = options;
    // Exports carry optional enums as "": ECS treats them as absent, and so does every part of the translation.
    this.spec = EmptyEnumValues.cleared(revision.spec());
    spec.containerDefinitions.forEach(c -> kubernetesNames.put(c.name, Names.dnsLabel(c.name)));
    this.firstEssential = spec.containerDefinitions.stream().filter(TaskTranslation::isEssential).findFirst().orElse(null);
    this.terminationGracePeriod = spec.containerDefinitions.stream()
        .mapToInt(c -> c.stopTimeout != null ? c.stopTimeout : PodTemplateTranslator.DEFAULT_STOP_TIMEOUT)
        .max().orElse(PodTemplateTranslator.DEFAULT_STOP_TIMEOUT);
  }

  /** ECS's default: a container is essential unless it says otherwise. */
  static boolean isEssential(ContainerDefinition c) {
    return c.essential == null || c.essential;
  }

  /** The report path of the container at this index of containerDefinitions. */
  static String containerPath(int index) {
    return "containerDefinitions[" + index + "]";
  }

  RegisteredTaskDefinition revision() {
    return revision;
  }

  TaskDefinitionSpec spec() {
    return spec;
  }

  PodTemplateTranslator.Options options() {
    return options;
  }

  TranslationReport report() {
    return report;
  }

  String containerPath(ContainerDefinition c) {
    return containerPath(spec().containerDefinitions.indexOf(c));
  }

  /** The container's name as a DNS label: ECS allows underscores and capitals that Kubernetes refuses. */
  String kubernetesName(ContainerDefinition c) {
    return kubernetesNames.get(c.name);
  }

  /** ECS container name by Kubernetes name, for the containers whose name had to change. */
  Map<String, String> renamedContainers() {
    Map<String, String> renamed = new TreeMap<>();
    kubernetesNames.forEach((ecs, k8s) -> {
      if (!ecs.equals(k8s)) {
        renamed.put(k8s, ecs);
      }
    });
    return renamed;
  }

  /** Ephemeral storage is a task-wide size in ECS; it is set on one container so that the pod asks for it once. */
  boolean isFirstEssential(ContainerDefinition c) {
    return firstEssential == c;
  }

  /** The longest stop timeout of any container; a container without one has ECS's default of 30 s. */
  int terminationGracePeriod() {
    return terminationGracePeriod;
  }

  void annotate(String key, String value) {
    annotations.put(key, value);
  }

  Map<String, String> annotations() {
    return annotations;
  }
}
