package dev.stevedore.translate;

import static dev.stevedore.translate.Units.cpuQuantity;
import static dev.stevedore.translate.Units.mebibytes;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.HostEntry;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.LinuxParameters;
import dev.stevedore.api.v1alpha1.MountPoint;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.ResourceRequirement;
import dev.stevedore.api.v1alpha1.Secret;
import dev.stevedore.api.v1alpha1.SystemControl;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.Tmpfs;
import dev.stevedore.api.v1alpha1.Volume;
import dev.stevedore.api.v1alpha1.VolumeFrom;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A task definition revision as a pod template. Pure and deterministic: the same revision and options always
 * give an equal template, so the Deployment controller never rolls for nothing. Every ECS field is either
 * translated here or listed in the {@link TranslationReport}.
 */
public final class PodTemplateTranslator {
  /** ECS counts a task without health checks as healthy this long after it starts. */
  public static final int NO_HEALTH_CHECK_READY_SECONDS = 40;
  /** Docker's and ECS's default stop timeout. */
  public static final int DEFAULT_STOP_TIMEOUT = 30;

  private static final int MAX_NAMESERVERS = 3;
  private static final Pattern LINK_ALIAS = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\d+))?");
  private static final Pattern ANNOTATION_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

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
  public record Result(PodTemplateSpec template, List<dev.stevedore.api.v1alpha1.FieldReport> reports,
                       boolean essentialHealthCheck) {}

  private PodTemplateTranslator() {}

  public static Result translate(RegisteredTaskDefinition td, Options options) {
    return new Translation(td, options).run();
  }

  /** The ServiceAccount of a family's task role. */
  public static String serviceAccountName(String family) {
    return Names.dnsLabel(family, Names.DNS_LABEL_MAX - 5) + "-task";
  }

  private static final class Translation {
    private final RegisteredTaskDefinition td;
    private final TaskDefinitionSpec spec;
    private final Options options;
    private final TranslationReport report = new TranslationReport();
    private final Map<String, String> kubernetesNames = new LinkedHashMap<>();
    private final Map<String, io.fabric8.kubernetes.api.model.Volume> volumes = new TreeMap<>();
    private final Map<String, String> annotations = new TreeMap<>();

    Translation(RegisteredTaskDefinition td, Options options) {
      this.td = td;
      this.spec = td.spec();
      this.options = options;
    }

    Result run() {
      spec.containerDefinitions.forEach(c -> kubernetesNames.put(c.name, Names.dnsLabel(c.name)));
      reportReadOnlyFields();
      translateVolumes();

      ContainerOrdering.Plan plan = ContainerOrdering.plan(spec.containerDefinitions);
      List<Container> init = new ArrayList<>();
      List<Container> regular = new ArrayList<>();
      boolean essentialHealthCheck = false;
      for (ContainerOrdering.Placed placed : plan.initContainers()) {
        init.add(container(placed, indexOf(placed.definition())));
      }
      for (ContainerOrdering.Placed placed : plan.containers()) {
        regular.add(container(placed, indexOf(placed.definition())));
      }
      for (ContainerDefinition c : spec.containerDefinitions) {
        essentialHealthCheck |= isEssential(c) && c.healthCheck != null;
      }

      // Plain setters, not builders: builders deep-copy every nested object, which dominates translation time.
      PodSpec pod = new PodSpec();
      pod.setInitContainers(init);
      pod.setContainers(regular);
      pod.setVolumes(new ArrayList<>(volumes.values()));
      pod.setTerminationGracePeriodSeconds((long) terminationGracePeriod());
      pod.setRestartPolicy("Always");
      taskLevel(pod);

      Map<String, String> labels = new TreeMap<>();
      labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
      labels.put(Labels.NAME, Names.labelValue(td.family()));
      labels.put(Labels.FAMILY, Names.labelValue(td.family()));
      labels.put(Labels.REVISION, Integer.toString(td.revision()));
      annotations.put(Labels.TASK_DEFINITION_ANNOTATION, td.arn());
      annotations.put(Labels.ESSENTIAL_CONTAINERS_ANNOTATION, spec.containerDefinitions.stream()
          .filter(Translation::isEssential).map(c -> kubernetesNames.get(c.name)).sorted()
          .collect(Collectors.joining(",")));
      Map<String, String> renamed = new TreeMap<>();
      kubernetesNames.forEach((ecs, k8s) -> {
        if (!ecs.equals(k8s)) {
          renamed.put(k8s, ecs);
        }
      });
      if (!renamed.isEmpty()) {
        annotations.put(Labels.CONTAINER_NAMES_ANNOTATION, Json.object(renamed));
      }

      ObjectMeta metadata = new ObjectMeta();
      metadata.setLabels(labels);
      metadata.setAnnotations(annotations);
      PodTemplateSpec template = new PodTemplateSpec(metadata, pod);
      return new Result(template, report.entries(), essentialHealthCheck);
    }

    private int indexOf(ContainerDefinition c) {
      return spec.containerDefinitions.indexOf(c);
    }

    private static boolean isEssential(ContainerDefinition c) {
      return c.essential == null || c.essential;
    }

    private Container container(ContainerOrdering.Placed placed, int index) {
      ContainerDefinition c = placed.definition();
      String path = "containerDefinitions[" + index + "]";
      Container b = new Container();
      b.setName(kubernetesNames.get(c.name));
      b.setImage(c.image);
      if (c.entryPoint != null) {
        b.setCommand(new ArrayList<>(c.entryPoint));
      }
      if (c.command != null) {
        b.setArgs(new ArrayList<>(c.command));
      }
      b.setEnv(environment(c));
      b.setEnvFrom(environmentFiles(c, path));
      b.setPorts(ports(c, path));
      b.setVolumeMounts(mounts(c, path));
      b.setResources(resources(c, path));
      b.setWorkingDir(c.workingDirectory);
      if (Boolean.TRUE.equals(c.interactive)) {
        b.setStdin(true);
      }
      if (Boolean.TRUE.equals(c.pseudoTerminal)) {
        b.setTty(true);
      }
      b.setSecurityContext(securityContext(c, path));
      probes(b, placed, path);
      if (placed.role() == ContainerOrdering.Role.SIDECAR) {
        b.setRestartPolicy("Always");
        if (isEssential(c)) {
          report.approximated(path + ".essential", "an essential container that others wait for with START or"
              + " HEALTHY runs as a native sidecar; Kubernetes restarts it instead of stopping the task when it exits");
        }
      }
      reportContainerFields(c, path, placed);
      return b;
    }

    private List<EnvVar> environment(ContainerDefinition c) {
      Map<String, EnvVar> env = new TreeMap<>();
      if (c.environment != null) {
        for (KeyValuePair kv : c.environment) {
          if (kv.name != null) {
            env.put(kv.name, new EnvVarBuilder().withName(kv.name).withValue(kv.value == null ? "" : kv.value).build());
          }
        }
      }
      if (c.secrets != null && !c.secrets.isEmpty()) {
        report.approximated("containerDefinitions[" + indexOf(c) + "].secrets", "read from the Kubernetes Secrets "
            + c.secrets.stream().map(s -> SecretReference.of(s.valueFrom).secretName()).distinct().sorted()
                .collect(Collectors.joining(", "))
            + ", which must exist in the namespace; Stevedore does not fetch from Secrets Manager or SSM");
        for (Secret s : c.secrets) {
          SecretReference ref = SecretReference.of(s.valueFrom);
          env.put(s.name, new EnvVarBuilder().withName(s.name)
              .withNewValueFrom().withNewSecretKeyRef(ref.key(), ref.secretName(), false).endValueFrom().build());
        }
      }
      return List.copyOf(env.values());
    }

    private List<EnvFromSource> environmentFiles(ContainerDefinition c, String path) {
      if (c.environmentFiles == null || c.environmentFiles.isEmpty()) {
        return List.of();
      }
      List<EnvFromSource> sources = new ArrayList<>();
      for (int i = 0; i < c.environmentFiles.size(); i++) {
        String name = SecretReference.objectName(c.environmentFiles.get(i).value);
        sources.add(new EnvFromSourceBuilder().withNewConfigMapRef(name, false).build());
      }
      report.approximated(path + ".environmentFiles", "read from ConfigMaps named after each S3 object ("
          + sources.stream().map(s -> s.getConfigMapRef().getName()).collect(Collectors.joining(", "))
          + "); Stevedore does not fetch from S3");
      return sources;
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

    private List<VolumeMount> mounts(ContainerDefinition c, String path) {
      Map<String, VolumeMount> mounts = new TreeMap<>();
      addMountPoints(mounts, c.mountPoints, false);
      if (c.volumesFrom != null) {
        for (VolumeFrom from : c.volumesFrom) {
          spec.containerDefinitions.stream().filter(x -> x.name.equals(from.sourceContainer)).findFirst()
              .ifPresent(source -> addMountPoints(mounts, source.mountPoints, Boolean.TRUE.equals(from.readOnly)));
        }
      }
      LinuxParameters linux = c.linuxParameters;
      String k8sName = kubernetesNames.get(c.name);
      if (linux != null && linux.sharedMemorySize != null && linux.sharedMemorySize > 0) {
        String volume = "shm-" + Names.dnsLabel(k8sName, Names.DNS_LABEL_MAX - 4);
        volumes.put(volume, memoryVolume(volume, linux.sharedMemorySize));
        mounts.put("/dev/shm", new VolumeMountBuilder().withName(volume).withMountPath("/dev/shm").build());
      }
      if (linux != null && linux.tmpfs != null) {
        for (int i = 0; i < linux.tmpfs.size(); i++) {
          Tmpfs t = linux.tmpfs.get(i);
          String volume = Names.dnsLabel("tmpfs-" + k8sName + "-" + i);
          volumes.put(volume, memoryVolume(volume, t.size));
          boolean readOnly = t.mountOptions != null && t.mountOptions.contains("ro");
          mounts.put(t.containerPath, new VolumeMountBuilder().withName(volume).withMountPath(t.containerPath)
              .withReadOnly(readOnly ? true : null).build());
          if (t.mountOptions != null && t.mountOptions.stream().anyMatch(o -> !o.equals("ro") && !o.equals("rw"))) {
            report.unsupported(path + ".linuxParameters.tmpfs[" + i + "].mountOptions",
                "Kubernetes mounts emptyDir volumes with its own options; only ro is honoured");
          }
        }
      }
      return List.copyOf(mounts.values());
    }

    private void addMountPoints(Map<String, VolumeMount> mounts, List<MountPoint> points, boolean forceReadOnly) {
      if (points == null) {
        return;
      }
      for (MountPoint m : points) {
        if (m.sourceVolume == null || m.containerPath == null) {
          continue;
        }
        boolean readOnly = forceReadOnly || Boolean.TRUE.equals(m.readOnly);
        mounts.put(m.containerPath, new VolumeMountBuilder().withName(volumeName(m.sourceVolume))
            .withMountPath(m.containerPath).withReadOnly(readOnly ? true : null).build());
      }
    }

    private static io.fabric8.kubernetes.api.model.Volume memoryVolume(String name, int mib) {
      return new VolumeBuilder().withName(name)
          .withNewEmptyDir().withMedium("Memory").withSizeLimit(mebibytes(mib)).endEmptyDir().build();
    }

    private static String volumeName(String ecsName) {
      return "v-" + Names.dnsLabel(ecsName, Names.DNS_LABEL_MAX - 2);
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
          if ("GPU".equals(r.type) && r.value != null && r.value.matches("[1-9][0-9]{0,5}")) {
            limits.put("nvidia.com/gpu", new Quantity(r.value));
          } else if ("GPU".equals(r.type)) {
            report.unsupported(path + ".resourceRequirements[" + i + "].value", "a GPU count must be a whole number"
                + " above 0, not '" + r.value + "'");
          } else {
            report.unsupported(path + ".resourceRequirements[" + i + "]", "Elastic Inference is discontinued");
          }
        }
      }
      if (spec.ephemeralStorage != null && spec.ephemeralStorage.sizeInGiB != null && isFirstEssential(c)) {
        limits.put("ephemeral-storage", Units.gibibytes(spec.ephemeralStorage.sizeInGiB));
      }
      if (requests.isEmpty() && limits.isEmpty()) {
        return null;
      }
      return new ResourceRequirements(null, limits.isEmpty() ? null : limits, requests.isEmpty() ? null : requests);
    }

    private boolean isFirstEssential(ContainerDefinition c) {
      return spec.containerDefinitions.stream().filter(Translation::isEssential).findFirst().orElse(null) == c;
    }

    private SecurityContext securityContext(ContainerDefinition c, String path) {
      SecurityContext sc = new SecurityContext();
      boolean set = false;
      if (Boolean.TRUE.equals(c.privileged)) {
        sc.setPrivileged(true);
        set = true;
      }
      if (Boolean.TRUE.equals(c.readonlyRootFilesystem)) {
        sc.setReadOnlyRootFilesystem(true);
        set = true;
      }
      if (c.user != null) {
        Matcher m = NUMERIC_USER.matcher(c.user);
        if (m.matches() && !isKubernetesId(m.group(1)) || m.matches() && m.group(2) != null && !isKubernetesId(m.group(2))) {
          report.unsupported(path + ".user", "Kubernetes runs containers as ids 0-2147483647 only; the image's user applies");
        } else if (m.matches()) {
          sc.setRunAsUser(Long.parseLong(m.group(1)));
          if (sc.getRunAsUser() > 0) {
            // The Pod Security Standards count a container as non-root only when it says so.
            sc.setRunAsNonRoot(true);
          }
          if (m.group(2) != null) {
            sc.setRunAsGroup(Long.parseLong(m.group(2)));
          }
          set = true;
        } else {
          report.unsupported(path + ".user", "Kubernetes runs containers as numeric ids only; the image's user applies");
        }
      }
      LinuxParameters linux = c.linuxParameters;
      if (linux != null && linux.capabilities != null
          && (linux.capabilities.add != null || linux.capabilities.drop != null)) {
        sc.setCapabilities(new Capabilities(
            linux.capabilities.add == null ? null : List.copyOf(linux.capabilities.add),
            linux.capabilities.drop == null ? null : List.copyOf(linux.capabilities.drop)));
        set = true;
      }
      if (c.dockerSecurityOptions != null) {
        for (int i = 0; i < c.dockerSecurityOptions.size(); i++) {
          String option = c.dockerSecurityOptions.get(i);
          String where = path + ".dockerSecurityOptions[" + i + "]";
          if ((option.equals("no-new-privileges") || option.equals("no-new-privileges:true"))
              && Boolean.TRUE.equals(c.privileged)) {
            report.unsupported(where, "Kubernetes refuses no-new-privileges on a privileged container");
          } else if (option.equals("no-new-privileges") || option.equals("no-new-privileges:true")) {
            sc.setAllowPrivilegeEscalation(false);
            set = true;
          } else if (option.equals("apparmor:")) {
            report.unsupported(where, "an AppArmor option needs a profile name");
          } else if (option.startsWith("apparmor:")) {
            String profile = option.substring("apparmor:".length());
            sc.setAppArmorProfile(profile.equals("unconfined")
                ? new io.fabric8.kubernetes.api.model.AppArmorProfile(null, "Unconfined")
                : new io.fabric8.kubernetes.api.model.AppArmorProfile(profile, "Localhost"));
            set = true;
          } else if (option.equals("seccomp:unconfined")) {
            sc.setSeccompProfile(new io.fabric8.kubernetes.api.model.SeccompProfile(null, "Unconfined"));
            set = true;
          } else if (option.startsWith("label:")) {
            set |= seLinux(sc, option.substring("label:".length()), where);
          } else {
            report.unsupported(where, "no Kubernetes security context field for '" + option + "'");
          }
        }
      }
      return set ? sc : null;
    }

    private static boolean isKubernetesId(String digits) {
      return digits.length() <= 10 && Long.parseLong(digits) <= Integer.MAX_VALUE;
    }

    private boolean seLinux(SecurityContext sc, String label, String where) {
      io.fabric8.kubernetes.api.model.SELinuxOptions options = sc.getSeLinuxOptions() == null
          ? new io.fabric8.kubernetes.api.model.SELinuxOptions() : sc.getSeLinuxOptions();
      int colon = label.indexOf(':');
      String key = colon < 0 ? label : label.substring(0, colon);
      String value = colon < 0 ? "" : label.substring(colon + 1);
      switch (key) {
        case "user" -> options.setUser(value);
        case "role" -> options.setRole(value);
        case "type" -> options.setType(value);
        case "level" -> options.setLevel(value);
        default -> {
          report.unsupported(where, "SELinux option '" + label + "' has no Kubernetes form");
          return false;
        }
      }
      sc.setSeLinuxOptions(options);
      return true;
    }

    private void probes(Container b, ContainerOrdering.Placed placed, String path) {
      ContainerDefinition c = placed.definition();
      if (c.healthCheck == null) {
        return;
      }
      boolean essential = isEssential(c);
      if (placed.role() == ContainerOrdering.Role.INIT) {
        report.unsupported(path + ".healthCheck", "a container others wait for to complete runs as an init container, which cannot have probes");
        return;
      }
      if (HealthProbes.hasStartPeriod(c.healthCheck) || placed.waitedForHealthy()) {
        b.setStartupProbe(HealthProbes.startup(c.healthCheck));
      }
      if (essential) {
        b.setReadinessProbe(HealthProbes.readiness(c.healthCheck));
        b.setLivenessProbe(HealthProbes.liveness(c.healthCheck, options.healthCheckGracePeriodSeconds()));
      } else {
        report.approximated(path + ".healthCheck", "a non-essential container's health does not count for the task:"
            + " no readiness or liveness probe is set");
      }
    }

    /** The longest stop timeout of any container; a container without one has ECS's default of 30 s. */
    private int terminationGracePeriod() {
      return spec.containerDefinitions.stream()
          .mapToInt(c -> c.stopTimeout != null ? c.stopTimeout : DEFAULT_STOP_TIMEOUT)
          .max().orElse(DEFAULT_STOP_TIMEOUT);
    }

    private void translateVolumes() {
      if (spec.volumes == null) {
        return;
      }
      for (int i = 0; i < spec.volumes.size(); i++) {
        Volume v = spec.volumes.get(i);
        String path = "volumes[" + i + "]";
        if (v.name == null) {
          continue;
        }
        VolumeBuilder vb = new VolumeBuilder().withName(volumeName(v.name));
        if (v.host != null && v.host.sourcePath != null && !v.host.sourcePath.isEmpty()) {
          vb.withNewHostPath(v.host.sourcePath, "DirectoryOrCreate");
        } else if (v.dockerVolumeConfiguration != null) {
          var docker = v.dockerVolumeConfiguration;
          boolean tmpfs = docker.driverOpts != null && "tmpfs".equals(docker.driverOpts.get("type"));
          vb.withNewEmptyDir().withMedium(tmpfs ? "Memory" : null).endEmptyDir();
          if ("shared".equals(docker.scope)) {
            report.approximated(path + ".dockerVolumeConfiguration.scope", "a shared Docker volume outlives the task on"
                + " its instance; Stevedore gives each task its own emptyDir");
          }
          if (docker.driver != null && !"local".equals(docker.driver)) {
            report.unsupported(path + ".dockerVolumeConfiguration.driver", "volume driver '" + docker.driver
                + "' has no Kubernetes equivalent; an emptyDir is used");
          }
          if (docker.labels != null || (docker.driverOpts != null && !tmpfs)) {
            report.ignored(path + ".dockerVolumeConfiguration", "Docker labels and driver options do not apply to an emptyDir");
          }
        } else if (v.efsVolumeConfiguration != null) {
          String claim = Names.dnsLabel("efs-" + v.efsVolumeConfiguration.fileSystemId);
          vb.withNewPersistentVolumeClaim(claim, false);
          report.approximated(path + ".efsVolumeConfiguration", "mounts the PersistentVolumeClaim '" + claim
              + "', which must be bound to a volume of the efs.csi.aws.com driver for " + v.efsVolumeConfiguration.fileSystemId);
        } else if (v.fsxWindowsFileServerVolumeConfiguration != null) {
          String claim = Names.dnsLabel("fsx-" + v.fsxWindowsFileServerVolumeConfiguration.fileSystemId);
          vb.withNewPersistentVolumeClaim(claim, false);
          report.approximated(path + ".fsxWindowsFileServerVolumeConfiguration", "mounts the PersistentVolumeClaim '"
              + claim + "', which must be bound to an SMB volume");
        } else {
          vb.withNewEmptyDir().endEmptyDir();
          if (Boolean.TRUE.equals(v.configuredAtLaunch)) {
            report.unsupported(path + ".configuredAtLaunch", "volumes configured at launch (managed EBS) are not"
                + " supported yet; the task gets an emptyDir");
          }
        }
        volumes.put(volumeName(v.name), vb.build());
      }
    }

    private void taskLevel(PodSpec pod) {
      if ("host".equals(spec.networkMode)) {
        pod.setHostNetwork(true);
        pod.setDnsPolicy("ClusterFirstWithHostNet");
      } else if ("none".equals(spec.networkMode)) {
        report.unsupported("networkMode", "pods always have a network interface; isolate the task with a NetworkPolicy");
      }
      if ("task".equals(spec.pidMode)) {
        pod.setShareProcessNamespace(true);
      } else if ("host".equals(spec.pidMode)) {
        pod.setHostPID(true);
      }
      if ("host".equals(spec.ipcMode)) {
        pod.setHostIPC(true);
      } else if ("none".equals(spec.ipcMode)) {
        report.unsupported("ipcMode", "the containers of a pod always share an IPC namespace");
      }
      taskResources(pod);
      if (options.serviceAccountName() != null) {
        pod.setServiceAccountName(options.serviceAccountName());
      } else {
        pod.setAutomountServiceAccountToken(false);
      }
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
      imagePullSecrets(pod);
      hostsAndDns(pod);
      podSecurityContext(pod);
      dev.stevedore.translate.placement.Placement.taskDefinitionConstraints(spec.placementConstraints, pod, report);
      if (spec.proxyConfiguration != null) {
        report.unsupported("proxyConfiguration", "App Mesh proxy injection is not provided; the proxy container runs as an ordinary container");
      }
      if (spec.taskRoleArn != null && options.serviceAccountName() == null) {
        report.ignored("taskRoleArn", "task role binding is switched off in the operator's settings");
      }
      if (Boolean.TRUE.equals(spec.enableFaultInjection)) {
        report.unsupported("enableFaultInjection", "ECS fault injection endpoints do not exist on Kubernetes");
      }
    }

    private void taskResources(PodSpec pod) {
      Optional<Integer> cpu = Units.cpuUnits(spec.cpu);
      Optional<Integer> memory = Units.memoryMiB(spec.memory);
      if (cpu.isEmpty() && memory.isEmpty()) {
        return;
      }
      // Task-level cpu and memory cap the whole task: pod-level resources (Kubernetes 1.34, beta) say exactly that.
      Map<String, Quantity> values = new TreeMap<>();
      cpu.ifPresent(units -> values.put("cpu", cpuQuantity(units)));
      memory.ifPresent(mib -> values.put("memory", mebibytes(mib)));
      pod.setResources(new ResourceRequirements(null, values, new TreeMap<>(values)));
    }

    private void imagePullSecrets(PodSpec pod) {
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

    private void hostsAndDns(PodSpec pod) {
      Map<String, TreeSet<String>> hostsByIp = new TreeMap<>();
      // In the order the task lists them: the resolver uses the first three name servers only.
      java.util.LinkedHashSet<String> nameservers = new java.util.LinkedHashSet<>();
      TreeSet<String> searches = new TreeSet<>();
      TreeSet<String> hostnames = new TreeSet<>();
      for (int i = 0; i < spec.containerDefinitions.size(); i++) {
        ContainerDefinition c = spec.containerDefinitions.get(i);
        if (c.extraHosts != null) {
          for (HostEntry h : c.extraHosts) {
            hostsByIp.computeIfAbsent(h.ipAddress, ip -> new TreeSet<>()).add(h.hostname.toLowerCase(Locale.ROOT));
          }
        }
        if (c.links != null) {
          for (String link : c.links) {
            int colon = link.indexOf(':');
            String alias = (colon < 0 ? link : link.substring(colon + 1)).toLowerCase(Locale.ROOT);
            if (LINK_ALIAS.matcher(alias).matches()) {
              hostsByIp.computeIfAbsent("127.0.0.1", ip -> new TreeSet<>()).add(alias);
            } else {
              report.unsupported("containerDefinitions[" + i + "].links", "'" + alias + "' is not a host name"
                  + " Kubernetes can resolve (letters, digits and '-')");
            }
          }
          report.approximated("containerDefinitions[" + i + "].links", "the containers of a pod share localhost;"
              + " link aliases resolve to 127.0.0.1");
        }
        if (c.dnsServers != null) {
          nameservers.addAll(c.dnsServers);
        }
        if (c.dnsSearchDomains != null) {
          c.dnsSearchDomains.forEach(d -> searches.add(d.toLowerCase(Locale.ROOT)));
        }
        if (c.hostname != null) {
          hostnames.add(c.hostname);
        }
      }
      if (!hostsByIp.isEmpty()) {
        List<HostAlias> aliases = new ArrayList<>();
        hostsByIp.forEach((ip, hosts) -> aliases.add(new HostAlias(List.copyOf(hosts), ip)));
        pod.setHostAliases(aliases);
      }
      if (!nameservers.isEmpty() || !searches.isEmpty()) {
        PodDNSConfig dns = new PodDNSConfig();
        if (!nameservers.isEmpty()) {
          dns.setNameservers(nameservers.stream().limit(MAX_NAMESERVERS).toList());
          if (nameservers.size() > MAX_NAMESERVERS) {
            report.approximated("containerDefinitions[].dnsServers", "a pod has at most " + MAX_NAMESERVERS
                + " name servers, as the resolver uses: " + String.join(", ", dns.getNameservers()));
          }
          pod.setDnsPolicy("None");
        }
        if (!searches.isEmpty()) {
          dns.setSearches(List.copyOf(searches));
        }
        pod.setDnsConfig(dns);
        report.approximated("containerDefinitions[].dnsServers", "DNS settings are per pod in Kubernetes: all containers share them");
      }
      if (!hostnames.isEmpty()) {
        String hostname = hostnames.first();
        String firstLabel = hostname.toLowerCase(Locale.ROOT).split("\\.", -1)[0];
        if (firstLabel.isEmpty()) {
          report.unsupported("containerDefinitions[].hostname", "'" + hostname + "' has no host name before its"
              + " first dot; the pod keeps its own name");
        } else {
          pod.setHostname(Names.dnsLabel(firstLabel));
        }
        if (hostnames.size() > 1) {
          report.approximated("containerDefinitions[].hostname", "a pod has one hostname: " + hostname + " is used");
        }
      }
    }

    /**
     * Docker and containerd, on EC2 and Fargate alike, confine every ECS container with their default seccomp
     * profile; the kubelet does not unless told, so the pod says so (a container with seccomp:unconfined opts out).
     */
    private void podSecurityContext(PodSpec pod) {
      PodSecurityContext psc = new PodSecurityContext();
      psc.setSeccompProfile(new io.fabric8.kubernetes.api.model.SeccompProfile(null, "RuntimeDefault"));
      pod.setSecurityContext(psc);
      sysctls(psc);
    }

    private void sysctls(PodSecurityContext psc) {
      Map<String, String> sysctls = new TreeMap<>();
      for (ContainerDefinition c : spec.containerDefinitions) {
        if (c.systemControls != null) {
          for (SystemControl s : c.systemControls) {
            if (s.namespace != null) {
              sysctls.put(s.namespace, s.value == null ? "" : s.value);
            }
          }
        }
      }
      if (!sysctls.isEmpty()) {
        List<Sysctl> list = new ArrayList<>();
        sysctls.forEach((k, v) -> list.add(new Sysctl(k, v)));
        psc.setSysctls(list);
        report.approximated("containerDefinitions[].systemControls", "sysctls apply to the whole pod in Kubernetes;"
            + " unsafe ones must be allowed by the kubelet");
      }
    }

    private void reportContainerFields(ContainerDefinition c, String path, ContainerOrdering.Placed placed) {
      LinuxParameters linux = c.linuxParameters;
      if (linux != null) {
        if (linux.devices != null && !linux.devices.isEmpty()) {
          report.unsupported(path + ".linuxParameters.devices", "host devices need a device plugin, CDI or DRA");
        }
        if (Boolean.TRUE.equals(linux.initProcessEnabled)) {
          report.unsupported(path + ".linuxParameters.initProcessEnabled", "no per-container init process in Kubernetes");
        }
        if (linux.maxSwap != null || linux.swappiness != null) {
          report.unsupported(path + ".linuxParameters.maxSwap", "swap is configured per node in Kubernetes");
        }
      }
      if (c.ulimits != null && !c.ulimits.isEmpty()) {
        report.unsupported(path + ".ulimits", "Kubernetes has no per-container ulimits; the runtime's defaults apply");
      }
      if (c.logConfiguration != null) {
        String key = Labels.LOG_DRIVER_ANNOTATION_PREFIX + kubernetesNames.get(c.name);
        if (key.length() - key.indexOf('/') - 1 <= Names.DNS_LABEL_MAX) {
          annotations.put(key, c.logConfiguration.logDriver);
        }
        report.approximated(path + ".logConfiguration", "containers log to stdout; the driver '"
            + c.logConfiguration.logDriver + "' is recorded in a pod annotation for a node log agent");
      }
      if (c.firelensConfiguration != null) {
        report.approximated(path + ".firelensConfiguration", "runs as an ordinary container; routing other containers' logs through it needs a node log agent");
      }
      if (Boolean.TRUE.equals(c.disableNetworking)) {
        report.unsupported(path + ".disableNetworking", "the containers of a pod share one network namespace");
      }
      if (c.startTimeout != null) {
        report.unsupported(path + ".startTimeout", "Kubernetes waits for init containers without a deadline");
      }
      if (c.restartPolicy != null && Boolean.TRUE.equals(c.restartPolicy.enabled)) {
        report.approximated(path + ".restartPolicy", "Kubernetes restarts every container in place;"
            + " ignoredExitCodes and restartAttemptPeriod are not honoured");
      }
      if (c.credentialSpecs != null && !c.credentialSpecs.isEmpty()) {
        report.unsupported(path + ".credentialSpecs", "gMSA credential specs need Windows nodes with a webhook");
      }
      if ("enabled".equals(c.versionConsistency) && !c.image.contains("@sha256:")) {
        report.approximated(path + ".versionConsistency", "image tags are not resolved to digests; pin a digest for"
            + " identical images across a deployment");
      }
      if (c.dockerLabels != null) {
        c.dockerLabels.forEach((k, v) -> {
          if (k.length() <= Names.DNS_LABEL_MAX && ANNOTATION_NAME.matcher(k).matches()) {
            annotations.put(k, v);
          } else {
            report.unsupported(path + ".dockerLabels." + k, "not a valid Kubernetes annotation key");
          }
        });
      }
      if (!isEssential(c) && placed.role() != ContainerOrdering.Role.INIT) {
        report.approximated(path + ".essential", "a non-essential container that exits is restarted by Kubernetes,"
            + " and the task is not Ready while it restarts");
      }
      if (c.stopTimeout != null && c.stopTimeout != terminationGracePeriod()) {
        report.approximated(path + ".stopTimeout", "Kubernetes has one grace period per pod: every container gets "
            + terminationGracePeriod() + " s");
      }
      if (c.dependsOn != null) {
        for (int i = 0; i < c.dependsOn.size(); i++) {
          if ("COMPLETE".equals(c.dependsOn.get(i).condition)) {
            report.approximated(path + ".dependsOn[" + i + "]", "COMPLETE becomes an init container, which must exit 0 (like SUCCESS)");
          }
        }
      }
    }

    private void reportReadOnlyFields() {
      String why = "read-only field of an exported task definition: Stevedore assigns its own";
      if (spec.taskDefinitionArn != null) report.ignored("taskDefinitionArn", why);
      if (spec.revision != null) report.ignored("revision", why);
      if (spec.status != null) report.ignored("status", why);
      if (spec.requiresAttributes != null) report.ignored("requiresAttributes", why);
      if (spec.compatibilities != null) report.ignored("compatibilities", why);
      if (spec.registeredAt != null) report.ignored("registeredAt", why);
      if (spec.deregisteredAt != null) report.ignored("deregisteredAt", why);
      if (spec.registeredBy != null) report.ignored("registeredBy", why);
      if (spec.executionRoleArn != null) {
        report.ignored("executionRoleArn", "the agent's role: images are pulled with imagePullSecrets and secrets read from Kubernetes Secrets");
      }
    }
  }
}
