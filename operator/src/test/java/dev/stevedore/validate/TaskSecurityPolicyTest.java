package dev.stevedore.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.AllowedHostPath;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.HostVolumeProperties;
import dev.stevedore.api.v1alpha1.KernelCapabilities;
import dev.stevedore.api.v1alpha1.LinuxParameters;
import dev.stevedore.api.v1alpha1.MountPoint;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskSecurity;
import dev.stevedore.api.v1alpha1.Volume;
import dev.stevedore.api.v1alpha1.VolumeFrom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cluster's task security settings and Fargate's rules, as a table: what the task asks, where, the verdict. */
class TaskSecurityPolicyTest {
  private static final String EC2 = "EC2";
  private static final String FARGATE = "FARGATE";
  private static final String SPOT = "FARGATE_SPOT";
  private static final Consumer<TaskSecurity> NOTHING_ALLOWED = s -> { };

  static Stream<Arguments> table() {
    return Stream.of(
        row("an ordinary task", td -> { }, NOTHING_ALLOWED, EC2, null, null),
        row("privileged, not allowed", td -> c(td).privileged = true, NOTHING_ALLOWED, EC2,
            "containerDefinitions[0].privileged", "privileged containers not allowed in cluster prod: set spec.taskSecurity.allowPrivileged"),
        row("privileged, allowed", td -> c(td).privileged = true, s -> s.allowPrivileged = true, EC2, null, null),
        row("privileged false", td -> c(td).privileged = false, NOTHING_ALLOWED, EC2, null, null),
        row("privileged on Fargate, allowed by the cluster", td -> c(td).privileged = true, s -> s.allowPrivileged = true,
            FARGATE, "containerDefinitions[0].privileged", "not supported on Fargate (capacity provider FARGATE)"),
        row("host network, not allowed", td -> td.networkMode = "host", NOTHING_ALLOWED, EC2,
            "networkMode", "spec.taskSecurity.allowHostNetwork"),
        row("host network, allowed", td -> td.networkMode = "host", s -> s.allowHostNetwork = true, EC2, null, null),
        row("host network on Fargate Spot", td -> td.networkMode = "host", s -> s.allowHostNetwork = true, SPOT,
            "networkMode", "use awsvpc (capacity provider FARGATE_SPOT)"),
        row("host PID, not allowed", td -> td.pidMode = "host", NOTHING_ALLOWED, EC2, "pidMode", "allowHostPID"),
        row("task PID is no host namespace", td -> td.pidMode = "task", NOTHING_ALLOWED, EC2, null, null),
        row("host PID, allowed", td -> td.pidMode = "host", s -> s.allowHostPID = true, EC2, null, null),
        row("host IPC, not allowed", td -> td.ipcMode = "host", NOTHING_ALLOWED, EC2, "ipcMode", "allowHostIPC"),
        row("host IPC on Fargate", td -> td.ipcMode = "host", s -> s.allowHostIPC = true, FARGATE, "ipcMode",
            "not supported on Fargate"),
        row("host path, none allowed", td -> hostVolume(td, "/var/log", true), NOTHING_ALLOWED, EC2,
            "volumes[0].host.sourcePath", "the host path /var/log is not allowed in cluster prod"),
        row("host path under an allowed prefix", td -> hostVolume(td, "/var/log/app", false),
            s -> s.allowedHostPaths = List.of(hostPath("/var/log", false)), EC2, null, null),
        row("host path that only shares characters with the prefix", td -> hostVolume(td, "/var/logs", false),
            s -> s.allowedHostPaths = List.of(hostPath("/var/log", false)), EC2, "volumes[0].host.sourcePath",
            "/var/logs is not allowed"),
        row("read-only prefix, read-only mount", td -> hostVolume(td, "/var/log", true),
            s -> s.allowedHostPaths = List.of(hostPath("/var/log/", true)), EC2, null, null),
        row("read-only prefix, writable mount", td -> hostVolume(td, "/var/log", false),
            s -> s.allowedHostPaths = List.of(hostPath("/var/log", true)), EC2,
            "containerDefinitions[0].mountPoints[0].readOnly", "may only be mounted read-only"),
        row("read-only prefix, writable through volumesFrom", td -> {
          hostVolume(td, "/var/log", false);
          ContainerDefinition reader = container("reader");
          VolumeFrom from = new VolumeFrom();
          from.sourceContainer = "app";
          reader.volumesFrom = List.of(from);
          td.containerDefinitions.add(reader);
          c(td).mountPoints.get(0).readOnly = true;
          // app's own mount is read-only; reader's inherits it, so nothing is writable.
        }, s -> s.allowedHostPaths = List.of(hostPath("/var/log", true)), EC2, null, null),
        row("host volume without sourcePath is scratch space", td -> {
          hostVolume(td, "/x", false);
          td.volumes.get(0).host.sourcePath = null;
        }, NOTHING_ALLOWED, FARGATE, null, null),
        row("host path on Fargate", td -> hostVolume(td, "/var/log", true),
            s -> s.allowedHostPaths = List.of(hostPath("/", false)), FARGATE, "volumes[0].host.sourcePath",
            "not supported on Fargate"),
        row("default capability", td -> capabilities(td, "CHOWN"), NOTHING_ALLOWED, EC2, null, null),
        row("capability not allowed", td -> capabilities(td, "NET_ADMIN"), NOTHING_ALLOWED, EC2,
            "containerDefinitions[0].linuxParameters.capabilities.add[0]",
            "the capability NET_ADMIN is not allowed in cluster prod: list it in the EcsCluster's spec.taskSecurity.allowedCapabilities"),
        row("capability allowed, CAP_ form", td -> capabilities(td, "CAP_NET_ADMIN"),
            s -> s.allowedCapabilities = List.of("NET_ADMIN"), EC2, null, null),
        row("every capability allowed", td -> capabilities(td, "SYS_ADMIN"), s -> s.allowedCapabilities = List.of("ALL"),
            EC2, null, null),
        row("SYS_PTRACE on Fargate", td -> capabilities(td, "SYS_PTRACE"), NOTHING_ALLOWED, FARGATE, null, null),
        row("NET_ADMIN on Fargate, allowed by the cluster", td -> capabilities(td, "NET_ADMIN"),
            s -> s.allowedCapabilities = List.of("ALL"), FARGATE,
            "containerDefinitions[0].linuxParameters.capabilities.add[0]", "Fargate allows adding only the SYS_PTRACE capability"),
        row("a cluster-defined provider is not Fargate", td -> c(td).privileged = true, s -> s.allowPrivileged = true,
            "gpu-pool", null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void violations(String title, Consumer<TaskDefinitionSpec> task, Consumer<TaskSecurity> cluster, String provider,
      String field, String message) {
    TaskDefinitionSpec td = taskDefinition();
    task.accept(td);
    EcsClusterSpec clusterSpec = new EcsClusterSpec();
    clusterSpec.clusterName = "prod";
    clusterSpec.taskSecurity = new TaskSecurity();
    cluster.accept(clusterSpec.taskSecurity);

    List<ValidationIssue> issues = TaskSecurityPolicy.violations(clusterSpec, td, List.of(provider));

    if (field == null) {
      assertThat(issues).isEmpty();
    } else {
      assertThat(issues).singleElement().satisfies(issue -> {
        assertThat(issue.field()).isEqualTo(field);
        assertThat(issue.message()).contains(message);
      });
    }
  }

  @org.junit.jupiter.api.Test
  void theServiceLaunchTypeOrStrategyOrTheClusterDefaultNamesTheProviders() {
    TaskDefinitionSpec td = taskDefinition();
    c(td).privileged = true;
    EcsClusterSpec cluster = new EcsClusterSpec();
    cluster.taskSecurity = new TaskSecurity();
    cluster.taskSecurity.allowPrivileged = true;
    EcsServiceSpec onEc2 = new EcsServiceSpec();
    assertThat(TaskSecurityPolicy.violations(cluster, td, onEc2)).isEmpty();
    EcsServiceSpec onFargate = new EcsServiceSpec();
    onFargate.launchType = "FARGATE";
    assertThat(TaskSecurityPolicy.violations(cluster, td, onFargate)).extracting(ValidationIssue::field)
        .containsExactly("containerDefinitions[0].privileged");
    // A cluster without taskSecurity allows nothing; without any cluster spec, the same.
    assertThat(TaskSecurityPolicy.violations(new EcsClusterSpec(), td, onEc2)).singleElement()
        .satisfies(i -> assertThat(i.message()).contains("not allowed in the cluster"));
    assertThat(TaskSecurityPolicy.violations(null, td, onEc2)).hasSize(1);
  }

  private static Arguments row(String title, Consumer<TaskDefinitionSpec> task, Consumer<TaskSecurity> cluster,
      String provider, String field, String message) {
    return Arguments.of(title, task, cluster, provider, field, message);
  }

  static TaskDefinitionSpec taskDefinition() {
    TaskDefinitionSpec td = new TaskDefinitionSpec();
    td.family = "app";
    td.containerDefinitions = new ArrayList<>(List.of(container("app")));
    return td;
  }

  static ContainerDefinition container(String name) {
    ContainerDefinition c = new ContainerDefinition();
    c.name = name;
    c.image = "nginx";
    c.memory = 128;
    return c;
  }

  static ContainerDefinition c(TaskDefinitionSpec td) {
    return td.containerDefinitions.get(0);
  }

  static void hostVolume(TaskDefinitionSpec td, String path, boolean readOnly) {
    Volume v = new Volume();
    v.name = "host";
    v.host = new HostVolumeProperties();
    v.host.sourcePath = path;
    td.volumes = List.of(v);
    MountPoint m = new MountPoint();
    m.sourceVolume = "host";
    m.containerPath = "/mnt";
    m.readOnly = readOnly ? true : null;
    c(td).mountPoints = new ArrayList<>(List.of(m));
  }

  static void capabilities(TaskDefinitionSpec td, String... add) {
    c(td).linuxParameters = new LinuxParameters();
    c(td).linuxParameters.capabilities = new KernelCapabilities();
    c(td).linuxParameters.capabilities.add = List.of(add);
  }

  private static AllowedHostPath hostPath(String prefix, boolean readOnly) {
    AllowedHostPath p = new AllowedHostPath();
    p.pathPrefix = prefix;
    p.readOnly = readOnly;
    return p;
  }
}
