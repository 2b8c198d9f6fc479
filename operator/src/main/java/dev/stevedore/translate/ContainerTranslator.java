package dev.stevedore.translate;

import dev.stevedore.naming.Names;
import dev.stevedore.naming.Labels;
import static dev.stevedore.translate.Units.cpuQuantity;
import static dev.stevedore.translate.Units.mebibytes;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.ResourceRequirement;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** One ECS container definition as one Kubernetes container of the pod. */
final class ContainerTranslator {
  private static final Pattern ANNOTATION_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private final TaskTranslation task;
  private final TaskDefinitionSpec spec;
  private final TranslationReport report;
  private final TaskVolumes volumes;

  ContainerTranslator(TaskTranslation task, TaskVolumes volumes) {
    this.task = task;
    this.spec = task.spec();
    this.report = task.report();
    this.volumes = volumes;
  }

  /** The placed containers, in their order. */
  List<Container> translate(List<ContainerOrdering.Placed> placed) {
    List<Container> containers = new ArrayList<>(placed.size());
    placed.forEach(p -> containers.add(translate(p)));
    return containers;
  }

  private Container translate(ContainerOrdering.Placed placed) {
    ContainerDefinition c = placed.definition();
    String path = task.containerPath(c);
    Container container = new Container();
    container.setName(task.kubernetesName(c));
    container.setImage(c.image);
    if (c.entryPoint != null) {
      container.setCommand(new ArrayList<>(c.entryPoint));
    }
    if (c.command != null) {
      container.setArgs(new ArrayList<>(c.command));
    }
    container.setEnv(ContainerEnvironment.variables(c, path, report));
    container.setEnvFrom(ContainerEnvironment.files(c, path, report));
    container.setPorts(ports(c, path));
    container.setVolumeMounts(volumes.mounts(c, path));
    container.setResources(resources(c, path));
    container.setWorkingDir(c.workingDirectory);
    if (Boolean.TRUE.equals(c.interactive)) {
      container.setStdin(true);
    }
    if (Boolean.TRUE.equals(c.pseudoTerminal)) {
      container.setTty(true);
    }
    container.setSecurityContext(ContainerSecurityContext.of(c, path, report));
    probes(container, placed, path);
    if (placed.role() == ContainerOrdering.Role.SIDECAR) {
      container.setRestartPolicy("Always");
      if (TaskTranslation.isEssential(c)) {
        report.approximated(path + ".essential", "an essential container that others wait for with START or"
            + " HEALTHY runs as a native sidecar; Kubernetes restarts it instead of stopping the task when it exits");
      }
    }
    annotate(c, path);
    UnhonouredFields.reportContainer(c, path, placed.role(), task.terminationGracePeriod(), report);
    return container;
  }

  private List<ContainerPort> ports(ContainerDefinition c, String path) {
    if (c.portMappings == null) {
      return List.of();
    }
    List<ContainerPort> ports = new ArrayList<>();
    boolean hostNetwork = "host".equals(spec.networkMode);
    for (int i = 0; i < c.portMappings.size(); i++) {
      PortMapping p = c.portMappings.get(i);
      String where = path + ".portMappings[" + i + "]";
      if (p.containerPortRange != null) {
        report.unsupported(where + ".containerPortRange", "port ranges have no Kubernetes form; list the ports one by one");
        continue;
      }
      if (p.containerPort == null || p.containerPort == 0) {
        continue;
      }
      ContainerPortBuilder port = new ContainerPortBuilder()
          .withContainerPort(p.containerPort)
          .withProtocol("udp".equals(p.protocol) ? "UDP" : "TCP");
      if (p.name != null) {
        port.withName(Names.portName(p.name));
      }
      if (hostNetwork) {
        port.withHostPort(p.containerPort);
      } else if (p.hostPort != null && p.hostPort > 0 && !"awsvpc".equals(spec.networkMode)) {
        // awsvpc's hostPort only repeats containerPort (each task has its own address), so no node port.
        port.withHostPort(p.hostPort);
      }
      if (p.appProtocol != null) {
        report.approximated(where + ".appProtocol", "set on the Kubernetes Service port; Service Connect itself is not provided");
      }
      ports.add(port.build());
    }
    return ports;
  }

  private ResourceRequirements resources(ContainerDefinition c, String path) {
    Map<String, Quantity> requests = new TreeMap<>();
    Map<String, Quantity> limits = new TreeMap<>();
    if (c.cpu != null && c.cpu > 0) {
      requests.put("cpu", spec.cpu != null ? Units.cpuQuantityWithinCap(c.cpu) : cpuQuantity(c.cpu));
    }
    if (c.memoryReservation != null) {
      requests.put("memory", mebibytes(c.memoryReservation));
    }
    if (c.memory != null) {
      limits.put("memory", mebibytes(c.memory));
      requests.putIfAbsent("memory", mebibytes(c.memory));
    }
    if (c.resourceRequirements != null) {
      for (int i = 0; i < c.resourceRequirements.size(); i++) {
        ResourceRequirement r = c.resourceRequirements.get(i);
        if ("GPU".equals(r.type) && (r.value == null || !r.value.matches("[1-9][0-9]{0,5}"))) {
          report.unsupported(path + ".resourceRequirements[" + i + "].value", "a GPU count must be a whole number"
              + " above 0, not '" + r.value + "'");
        } else if ("GPU".equals(r.type)) {
          limits.put("nvidia.com/gpu", new Quantity(r.value));
          if (r.sharingStrategy != null) {
            report.unsupported(path + ".resourceRequirements[" + i + "].sharingStrategy", "GPU sharing is configured in the node's device plugin; whole GPUs are requested");
          }
        } else if ("NeuronDevice".equals(r.type)) {
          report.unsupported(path + ".resourceRequirements[" + i + "]", "Neuron devices need the Neuron device plugin's resource; none is requested");
        } else {
          report.unsupported(path + ".resourceRequirements[" + i + "]", "Elastic Inference is discontinued");
        }
      }
    }
    if (spec.ephemeralStorage != null && spec.ephemeralStorage.sizeInGiB != null && task.isFirstEssential(c)) {
      limits.put("ephemeral-storage", Units.gibibytes(spec.ephemeralStorage.sizeInGiB));
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return null;
    }
    return new ResourceRequirements(null, limits.isEmpty() ? null : limits, requests.isEmpty() ? null : requests);
  }

  private void probes(Container container, ContainerOrdering.Placed placed, String path) {
    ContainerDefinition c = placed.definition();
    if (c.healthCheck == null) {
      return;
    }
    if (placed.role() == ContainerOrdering.Role.INIT) {
      report.unsupported(path + ".healthCheck", "a container others wait for to complete runs as an init container, which cannot have probes");
      return;
    }
    if (HealthProbes.hasStartPeriod(c.healthCheck) || placed.waitedForHealthy()) {
      container.setStartupProbe(HealthProbes.startup(c.healthCheck));
    }
    if (TaskTranslation.isEssential(c)) {
      container.setReadinessProbe(HealthProbes.readiness(c.healthCheck));
      container.setLivenessProbe(HealthProbes.liveness(c.healthCheck, task.options().healthCheckGracePeriodSeconds()));
    } else {
      report.approximated(path + ".healthCheck", "a non-essential container's health does not count for the task:"
          + " no readiness or liveness probe is set");
    }
  }

  /** Docker labels and the log driver have no container-level place in Kubernetes: they go on the pod. */
  private void annotate(ContainerDefinition c, String path) {
    if (c.logConfiguration != null) {
      String key = Labels.LOG_DRIVER_ANNOTATION_PREFIX + task.kubernetesName(c);
      // The name part of an annotation key is at most 63 characters; a longer one would fail the whole apply.
      if (key.length() - key.indexOf('/') - 1 <= Names.DNS_LABEL_MAX) {
        task.annotate(key, c.logConfiguration.logDriver);
      }
      report.approximated(path + ".logConfiguration", "containers log to stdout; the driver '"
          + c.logConfiguration.logDriver + "' is recorded in a pod annotation for a node log agent");
    }
    if (c.dockerLabels != null) {
      c.dockerLabels.forEach((k, v) -> {
        if (k.length() <= Names.DNS_LABEL_MAX && ANNOTATION_NAME.matcher(k).matches()) {
          task.annotate(k, v);
        } else {
          report.unsupported(path + ".dockerLabels." + k, "not a valid Kubernetes annotation key");
        }
      });
    }
  }
}
