package dev.stevedore.validate;

import dev.stevedore.api.v1alpha1.AllowedHostPath;
import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.MountPoint;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskSecurity;
import dev.stevedore.api.v1alpha1.Volume;
import dev.stevedore.api.v1alpha1.VolumeFrom;
import dev.stevedore.translate.CapacityProviders;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a service's tasks ask of the node — privileged containers, the node's network, process or IPC namespace,
 * host directories, added Linux capabilities — against what its cluster allows ({@code spec.taskSecurity}) and
 * what its capacity providers allow: FARGATE and FARGATE_SPOT allow none of it (but SYS_PTRACE), whatever the
 * cluster says, as on ECS. A task definition that declares FARGATE compatibility is refused at admission; this
 * catches one that does not but runs on Fargate, and every EC2 task the cluster does not allow. Pure.
 */
public final class TaskSecurityPolicy {
  /** The capabilities a container runtime grants by default: adding them asks for nothing new. */
  public static final Set<String> RUNTIME_DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE",
      "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  /** The one capability Fargate lets a task add. */
  public static final String FARGATE_CAPABILITY = "SYS_PTRACE";
  private static final String ALL = "ALL";

  private TaskSecurityPolicy() {}

  /**
   * The violations of the service's tasks, one per field.
   *
   * @param cluster the EcsCluster's spec the service runs in (null: no cluster settings, nothing allowed)
   * @param taskDefinition the revision the service runs
   * @param service the service, for its launch type or capacity provider strategy (else the cluster's default)
   */
  public static List<ValidationIssue> violations(EcsClusterSpec cluster, TaskDefinitionSpec taskDefinition,
      EcsServiceSpec service) {
    List<String> providers = CapacityProviders.strategy(service, cluster).stream()
        .map((CapacityProviderStrategyItem i) -> i.capacityProvider).toList();
    return violations(cluster, taskDefinition, providers);
  }

  /** The same, for tasks placed by the named capacity providers. */
  public static List<ValidationIssue> violations(EcsClusterSpec cluster, TaskDefinitionSpec td, List<String> providers) {
    String fargate = providers.stream().filter(p -> CapacityProviders.FARGATE.equals(p)
        || CapacityProviders.FARGATE_SPOT.equals(p)).findFirst().orElse(null);
    TaskSecurity allowed = cluster == null || cluster.taskSecurity == null ? new TaskSecurity() : cluster.taskSecurity;
    String clusterName = cluster == null || cluster.clusterName == null ? "the cluster" : "cluster " + cluster.clusterName;
    Rules rules = new Rules(fargate, clusterName);
    if ("host".equals(td.networkMode)) {
      rules.check("networkMode", allowed.allowHostNetwork, "allowHostNetwork",
          "networkMode host is not supported on Fargate: use awsvpc", "networkMode host (the node's network)");
    }
    if ("host".equals(td.pidMode)) {
      rules.check("pidMode", allowed.allowHostPID, "allowHostPID",
          "pidMode host is not supported on Fargate", "pidMode host (the node's processes)");
    }
    if ("host".equals(td.ipcMode)) {
      rules.check("ipcMode", allowed.allowHostIPC, "allowHostIPC",
          "ipcMode is not supported on Fargate", "ipcMode host (the node's IPC namespace)");
    }
    List<ContainerDefinition> containers = td.containerDefinitions == null ? List.of() : td.containerDefinitions;
    for (int i = 0; i < containers.size(); i++) {
      ContainerDefinition c = containers.get(i);
      String path = "containerDefinitions[" + i + "]";
      if (Boolean.TRUE.equals(c.privileged)) {
        rules.check(path + ".privileged", allowed.allowPrivileged, "allowPrivileged",
            "privileged containers are not supported on Fargate", "privileged containers");
      }
      capabilities(c, path, allowed, rules);
    }
    hostPaths(td, containers, allowed, rules);
    return rules.issues;
  }

  private static void capabilities(ContainerDefinition c, String path, TaskSecurity allowed, Rules rules) {
    if (c.linuxParameters == null || c.linuxParameters.capabilities == null
        || c.linuxParameters.capabilities.add == null) {
      return;
    }
    List<String> add = c.linuxParameters.capabilities.add;
    List<String> permitted = allowed.allowedCapabilities == null ? List.of() : allowed.allowedCapabilities;
    for (int k = 0; k < add.size(); k++) {
      String capability = add.get(k);
      String name = capability.startsWith("CAP_") ? capability.substring(4) : capability;
      String field = path + ".linuxParameters.capabilities.add[" + k + "]";
      if (rules.fargate != null) {
        if (!FARGATE_CAPABILITY.equals(name)) {
          rules.issues.add(new ValidationIssue(field, "Fargate allows adding only the " + FARGATE_CAPABILITY
              + " capability, not " + capability + " (capacity provider " + rules.fargate + ")"));
        }
      } else if (!RUNTIME_DEFAULT_CAPABILITIES.contains(name) && !permitted.contains(ALL) && !permitted.contains(name)) {
        rules.issues.add(new ValidationIssue(field, "the capability " + capability + " is not allowed in "
            + rules.clusterName + ": list it in the EcsCluster's spec.taskSecurity.allowedCapabilities"));
      }
    }
  }

  private static void hostPaths(TaskDefinitionSpec td, List<ContainerDefinition> containers, TaskSecurity allowed,
      Rules rules) {
    if (td.volumes == null) {
      return;
    }
    List<AllowedHostPath> permitted = allowed.allowedHostPaths == null ? List.of() : allowed.allowedHostPaths;
    for (int i = 0; i < td.volumes.size(); i++) {
      Volume v = td.volumes.get(i);
      if (v.host == null || v.host.sourcePath == null || v.host.sourcePath.isEmpty()) {
        continue;
      }
      String field = "volumes[" + i + "].host.sourcePath";
      String source = v.host.sourcePath;
      if (rules.fargate != null) {
        rules.issues.add(new ValidationIssue(field, "host volumes with a sourcePath are not supported on Fargate"
            + " (capacity provider " + rules.fargate + "); use an emptyDir-like volume without sourcePath or EFS"));
        continue;
      }
      List<AllowedHostPath> matching = permitted.stream().filter(p -> under(source, p.pathPrefix)).toList();
      if (matching.isEmpty()) {
        rules.issues.add(new ValidationIssue(field, "the host path " + source + " is not allowed in "
            + rules.clusterName + ": add a prefix of it to the EcsCluster's spec.taskSecurity.allowedHostPaths"));
      } else if (matching.stream().allMatch(p -> Boolean.TRUE.equals(p.readOnly))) {
        writableMounts(v.name, containers, source, rules);
      }
    }
  }

  /** Every mount of a volume the cluster allows read-only must be read-only, also through volumesFrom. */
  private static void writableMounts(String volume, List<ContainerDefinition> containers, String source, Rules rules) {
    for (int j = 0; j < containers.size(); j++) {
      ContainerDefinition c = containers.get(j);
      List<MountPoint> mounts = c.mountPoints == null ? List.of() : c.mountPoints;
      for (int k = 0; k < mounts.size(); k++) {
        MountPoint m = mounts.get(k);
        if (volume.equals(m.sourceVolume) && !Boolean.TRUE.equals(m.readOnly)) {
          rules.issues.add(new ValidationIssue("containerDefinitions[" + j + "].mountPoints[" + k + "].readOnly",
              "the host path " + source + " may only be mounted read-only in " + rules.clusterName));
        }
      }
      List<VolumeFrom> froms = c.volumesFrom == null ? List.of() : c.volumesFrom;
      for (int k = 0; k < froms.size(); k++) {
        VolumeFrom from = froms.get(k);
        boolean sourceMountsWritable = containers.stream().filter(x -> x.name.equals(from.sourceContainer))
            .flatMap(x -> x.mountPoints == null ? java.util.stream.Stream.empty() : x.mountPoints.stream())
            .anyMatch(m -> volume.equals(m.sourceVolume) && !Boolean.TRUE.equals(m.readOnly));
        if (sourceMountsWritable && !Boolean.TRUE.equals(from.readOnly)) {
          rules.issues.add(new ValidationIssue("containerDefinitions[" + j + "].volumesFrom[" + k + "].readOnly",
              "the host path " + source + " may only be mounted read-only in " + rules.clusterName));
        }
      }
    }
  }

  /** Whether {@code path} is {@code prefix} or below it, by whole path elements. */
  static boolean under(String path, String prefix) {
    String p = trimSlashes(path);
    String q = trimSlashes(prefix);
    return q.isEmpty() || p.equals(q) || p.startsWith(q + "/");
  }

  private static String trimSlashes(String path) {
    String trimmed = path;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }

  private static final class Rules {
    final String fargate;
    final String clusterName;
    final List<ValidationIssue> issues = new ArrayList<>();

    Rules(String fargate, String clusterName) {
      this.fargate = fargate;
      this.clusterName = clusterName;
    }

    void check(String field, Boolean allowedByCluster, String setting, String fargateMessage, String what) {
      if (fargate != null) {
        issues.add(new ValidationIssue(field, fargateMessage + " (capacity provider " + fargate + ")"));
      } else if (!Boolean.TRUE.equals(allowedByCluster)) {
        issues.add(new ValidationIssue(field, what + " not allowed in " + clusterName
            + ": set spec.taskSecurity." + setting + " on the EcsCluster"));
      }
    }
  }
}
