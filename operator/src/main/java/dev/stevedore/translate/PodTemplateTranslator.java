package dev.stevedore.translate;

import dev.stevedore.naming.Names;
import dev.stevedore.naming.Labels;
import static dev.stevedore.translate.Units.cpuQuantity;
import static dev.stevedore.translate.Units.mebibytes;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.translate.placement.Placement;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A task definition revision as a pod template. Pure and deterministic: the same revision and options always
 * give an equal template, so the Deployment controller never rolls for nothing. Every ECS field is either
 * translated or listed in the {@link TranslationReport}: the containers by {@link ContainerTranslator}, the
 * volumes by {@link TaskVolumes}, the pod's host settings by {@link PodHostSettings}, the rest here.
 */
public final class PodTemplateTranslator {
  /** ECS counts a task without health checks as healthy this long after it starts. */
  public static final int NO_HEALTH_CHECK_READY_SECONDS = 40;
  /** Docker's and ECS's default stop timeout. */
  public static final int DEFAULT_STOP_TIMEOUT = 30;

  /**
   * What the caller decides about the pod beyond the task definition.
   *
   * @param healthCheckGracePeriodSeconds the service's grace period: liveness failures do not count before it
   * @param serviceAccountName the task role's ServiceAccount, or null when the task has no role
   */
  public record Options(int healthCheckGracePeriodSeconds, String serviceAccountName) {
    public static final Options DEFAULTS = new Options(0, null);
  }

  /** The template and what could not be carried over exactly. */
  public record Result(PodTemplateSpec template, List<FieldReport> reports, boolean essentialHealthCheck) {}

  private PodTemplateTranslator() {}

  public static Result translate(RegisteredTaskDefinition td, Options options) {
    TaskTranslation task = new TaskTranslation(td, options);
    TaskDefinitionSpec spec = task.spec();
    TranslationReport report = task.report();
    EmptyEnumValues.find(task.revision().spec()).forEach(field -> report.ignored(field, EmptyEnumValues.REASON));
    UnhonouredFields.reportReadOnly(spec, report);
    TaskVolumes volumes = new TaskVolumes(task);

    ContainerTranslator containers = new ContainerTranslator(task, volumes);
    ContainerOrdering.Plan plan = ContainerOrdering.plan(spec.containerDefinitions);
    List<Container> init = containers.translate(plan.initContainers());
    List<Container> regular = containers.translate(plan.containers());

    // Plain setters, not builders: builders deep-copy every nested object, which dominates translation time.
    PodSpec pod = new PodSpec();
    pod.setInitContainers(init);
    pod.setContainers(regular);
    pod.setVolumes(volumes.podVolumes());
    pod.setTerminationGracePeriodSeconds((long) task.terminationGracePeriod());
    pod.setRestartPolicy("Always");
    PodHostSettings.apply(spec, pod, report);
    taskResources(spec, pod);
    if (options.serviceAccountName() != null) {
      pod.setServiceAccountName(options.serviceAccountName());
    } else {
      pod.setAutomountServiceAccountToken(false);
    }
    runtimePlatform(spec, pod);
    imagePullSecrets(spec, pod, report);
    Placement.taskDefinitionConstraints(spec.placementConstraints, pod, report);
    UnhonouredFields.reportTask(spec, options, report);

    PodTemplateSpec template = new PodTemplateSpec(metadata(task), pod);
    boolean essentialHealthCheck = spec.containerDefinitions.stream()
        .anyMatch(c -> TaskTranslation.isEssential(c) && c.healthCheck != null);
    return new Result(template, report.entries(), essentialHealthCheck);
  }

  /** The ServiceAccount of a family's task role. */
  public static String serviceAccountName(String family) {
    return Names.dnsLabel(family, Names.DNS_LABEL_MAX - 5) + "-task";
  }

  /** Task-level cpu and memory cap the whole task: pod-level resources (Kubernetes 1.34, beta) say exactly that. */
  private static void taskResources(TaskDefinitionSpec spec, PodSpec pod) {
    Optional<Integer> cpu = Units.cpuUnits(spec.cpu);
    Optional<Integer> memory = Units.memoryMiB(spec.memory);
    if (cpu.isEmpty() && memory.isEmpty()) {
      return;
    }
    Map<String, Quantity> values = new TreeMap<>();
    cpu.ifPresent(units -> values.put("cpu", cpuQuantity(units)));
    memory.ifPresent(mib -> values.put("memory", mebibytes(mib)));
    pod.setResources(new ResourceRequirements(null, values, new TreeMap<>(values)));
  }

  private static void runtimePlatform(TaskDefinitionSpec spec, PodSpec pod) {
    Map<String, String> nodeSelector = new TreeMap<>();
    if (spec.runtimePlatform != null) {
      if ("ARM64".equals(spec.runtimePlatform.cpuArchitecture)) {
        nodeSelector.put("kubernetes.io/arch", "arm64");
      } else if ("X86_64".equals(spec.runtimePlatform.cpuArchitecture)) {
        nodeSelector.put("kubernetes.io/arch", "amd64");
      }
      String os = spec.runtimePlatform.operatingSystemFamily;
      if (os != null) {
        nodeSelector.put("kubernetes.io/os", os.startsWith("WINDOWS") ? "windows" : "linux");
      }
    }
    if (!nodeSelector.isEmpty()) {
      pod.setNodeSelector(nodeSelector);
    }
  }

  private static void imagePullSecrets(TaskDefinitionSpec spec, PodSpec pod, TranslationReport report) {
    TreeSet<String> names = new TreeSet<>();
    for (ContainerDefinition c : spec.containerDefinitions) {
      if (c.repositoryCredentials != null && c.repositoryCredentials.credentialsParameter != null) {
        names.add(SecretReference.objectName(c.repositoryCredentials.credentialsParameter));
      }
    }
    if (!names.isEmpty()) {
      pod.setImagePullSecrets(names.stream().map(LocalObjectReference::new).toList());
      report.approximated("containerDefinitions[].repositoryCredentials", "pulled with the image pull Secrets "
          + String.join(", ", names) + " (type kubernetes.io/dockerconfigjson), which must exist in the namespace");
    }
  }

  private static ObjectMeta metadata(TaskTranslation task) {
    RegisteredTaskDefinition td = task.revision();
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.NAME, Names.labelValue(td.family()));
    labels.put(Labels.FAMILY, Names.labelValue(td.family()));
    labels.put(Labels.REVISION, Integer.toString(td.revision()));
    task.annotate(Labels.TASK_DEFINITION_ANNOTATION, td.arn());
    task.annotate(Labels.ESSENTIAL_CONTAINERS_ANNOTATION, td.spec().containerDefinitions.stream()
        .filter(TaskTranslation::isEssential).map(task::kubernetesName).sorted()
        .collect(Collectors.joining(",")));
    Map<String, String> renamed = task.renamedContainers();
    if (!renamed.isEmpty()) {
      task.annotate(Labels.CONTAINER_NAMES_ANNOTATION, Json.object(renamed));
    }
    ObjectMeta metadata = new ObjectMeta();
    metadata.setLabels(labels);
    metadata.setAnnotations(task.annotations());
    return metadata;
  }
}
