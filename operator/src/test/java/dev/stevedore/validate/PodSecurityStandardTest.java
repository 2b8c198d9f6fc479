package dev.stevedore.validate;

import static dev.stevedore.validate.TaskSecurityPolicyTest.c;
import static dev.stevedore.validate.TaskSecurityPolicyTest.capabilities;
import static dev.stevedore.validate.TaskSecurityPolicyTest.hostVolume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.KernelCapabilities;
import dev.stevedore.api.v1alpha1.LinuxParameters;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.SystemControl;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod Security Standards against task definitions, as a table: the task, and the fields baseline and restricted
 * refuse. PodSecurityAdmissionIT holds the same verdicts against the API server's own admission plugin.
 */
class PodSecurityStandardTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row("an ordinary task", td -> { }, List.of(), RESTRICTED_DEFAULTS),
        row("a hardened task", PodSecurityStandardTest::harden, List.of(), List.of()),
        row("privileged", td -> { harden(td); c(td).privileged = true; },
            List.of("containerDefinitions[0].privileged"),
            List.of("containerDefinitions[0].privileged", "containerDefinitions[0].dockerSecurityOptions")),
        row("host network", td -> { harden(td); td.networkMode = "host"; }, List.of("networkMode"), List.of("networkMode")),
        row("host PID and IPC", td -> { harden(td); td.pidMode = "host"; td.ipcMode = "host"; },
            List.of("pidMode", "ipcMode"), List.of("pidMode", "ipcMode")),
        row("task PID namespace", td -> { harden(td); td.pidMode = "task"; }, List.of(), List.of()),
        row("host path", td -> { harden(td); hostVolume(td, "/var/log", true); },
            List.of("volumes[0].host.sourcePath"), List.of("volumes[0].host.sourcePath")),
        row("a default capability", td -> { harden(td); c(td).linuxParameters.capabilities.add = List.of("CHOWN"); },
            List.of(), List.of("containerDefinitions[0].linuxParameters.capabilities.add[0]")),
        row("NET_BIND_SERVICE", td -> { harden(td); c(td).linuxParameters.capabilities.add = List.of("NET_BIND_SERVICE"); },
            List.of(), List.of()),
        row("NET_ADMIN", td -> { harden(td); c(td).linuxParameters.capabilities.add = List.of("NET_ADMIN"); },
            List.of("containerDefinitions[0].linuxParameters.capabilities.add[0]"),
            List.of("containerDefinitions[0].linuxParameters.capabilities.add[0]")),
        row("bridge host port", td -> { harden(td); port(td, 80, 8080); },
            List.of("containerDefinitions[0].portMappings[0].hostPort"),
            List.of("containerDefinitions[0].portMappings[0].hostPort")),
        row("dynamic host port", td -> { harden(td); port(td, 80, 0); }, List.of(), List.of()),
        row("awsvpc host port repeats the container port", td -> { harden(td); td.networkMode = "awsvpc"; port(td, 80, 80); },
            List.of(), List.of()),
        row("unconfined AppArmor", td -> { harden(td); securityOption(td, "apparmor:unconfined"); },
            List.of("containerDefinitions[0].dockerSecurityOptions[1]"),
            List.of("containerDefinitions[0].dockerSecurityOptions[1]")),
        row("unconfined seccomp", td -> { harden(td); securityOption(td, "seccomp:unconfined"); },
            List.of("containerDefinitions[0].dockerSecurityOptions[1]"),
            List.of("containerDefinitions[0].dockerSecurityOptions[1]")),
        row("SELinux type of a container", td -> { harden(td); securityOption(td, "label:type:container_t"); },
            List.of(), List.of()),
        row("SELinux type spc_t", td -> { harden(td); securityOption(td, "label:type:spc_t"); },
            List.of("containerDefinitions[0].dockerSecurityOptions[1]"),
            List.of("containerDefinitions[0].dockerSecurityOptions[1]")),
        row("SELinux user", td -> { harden(td); securityOption(td, "label:user:system_u"); },
            List.of("containerDefinitions[0].dockerSecurityOptions[1]"),
            List.of("containerDefinitions[0].dockerSecurityOptions[1]")),
        row("safe sysctl", td -> { harden(td); sysctl(td, "net.ipv4.tcp_syncookies"); }, List.of(), List.of()),
        row("unsafe sysctl", td -> { harden(td); sysctl(td, "net.core.somaxconn"); },
            List.of("containerDefinitions[0].systemControls[0].namespace"),
            List.of("containerDefinitions[0].systemControls[0].namespace")),
        row("root user", td -> { harden(td); c(td).user = "0"; }, List.of(), List.of("containerDefinitions[0].user")),
        row("named user", td -> { harden(td); c(td).user = "nginx"; }, List.of(), List.of("containerDefinitions[0].user")),
        row("uid beyond Kubernetes' range", td -> { harden(td); c(td).user = "4294967294"; }, List.of(),
            List.of("containerDefinitions[0].user")));
  }

  private static final List<String> RESTRICTED_DEFAULTS = List.of("containerDefinitions[0].dockerSecurityOptions",
      "containerDefinitions[0].user", "containerDefinitions[0].linuxParameters.capabilities.drop");

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void refusedFields(String title, Consumer<TaskDefinitionSpec> task, List<String> baseline, List<String> restricted) {
    TaskDefinitionSpec td = TaskSecurityPolicyTest.taskDefinition();
    task.accept(td);
    assertThat(PodSecurityStandard.violations("privileged", td)).isEmpty();
    assertThat(PodSecurityStandard.violations(null, td)).isEmpty();
    assertThat(PodSecurityStandard.violations("baseline", td)).extracting(ValidationIssue::field)
        .containsExactlyInAnyOrderElementsOf(baseline);
    assertThat(PodSecurityStandard.violations("restricted", td)).extracting(ValidationIssue::field)
        .containsExactlyInAnyOrderElementsOf(restricted);
  }

  @Test
  void messagesNameTheLevelAndWhatToChange() {
    TaskDefinitionSpec td = TaskSecurityPolicyTest.taskDefinition();
    c(td).privileged = true;
    assertThat(PodSecurityStandard.violations("baseline", td)).singleElement()
        .satisfies(i -> assertThat(i.message()).isEqualTo("Pod Security \"baseline\" of the namespace refuses privileged containers"));
    assertThat(PodSecurityStandard.violations("restricted", td)).extracting(ValidationIssue::message)
        .anyMatch(m -> m.contains("add \"no-new-privileges\""));
  }

  @Test
  void anUnknownLevelIsEnforcedAsRestricted() {
    assertThat(PodSecurityStandard.level("Baseline")).isEqualTo(PodSecurityStandard.Level.RESTRICTED);
    assertThat(PodSecurityStandard.level("")).isEqualTo(PodSecurityStandard.Level.PRIVILEGED);
    assertThat(PodSecurityStandard.level("baseline")).isEqualTo(PodSecurityStandard.Level.BASELINE);
  }

  /** What a task needs for restricted: no-new-privileges, a numeric non-root user, all capabilities dropped. */
  static void harden(TaskDefinitionSpec td) {
    c(td).dockerSecurityOptions = List.of("no-new-privileges");
    c(td).user = "1000:1000";
    c(td).linuxParameters = new LinuxParameters();
    c(td).linuxParameters.capabilities = new KernelCapabilities();
    c(td).linuxParameters.capabilities.drop = List.of("ALL");
  }

  private static void securityOption(TaskDefinitionSpec td, String option) {
    c(td).dockerSecurityOptions = List.of("no-new-privileges", option);
  }

  private static void port(TaskDefinitionSpec td, int containerPort, int hostPort) {
    PortMapping p = new PortMapping();
    p.containerPort = containerPort;
    p.hostPort = hostPort;
    c(td).portMappings = List.of(p);
  }

  private static void sysctl(TaskDefinitionSpec td, String name) {
    SystemControl s = new SystemControl();
    s.namespace = name;
    s.value = "1";
    c(td).systemControls = List.of(s);
  }

  private static Arguments row(String title, Consumer<TaskDefinitionSpec> task, List<String> baseline,
      List<String> restricted) {
    return Arguments.of(title, task, baseline, restricted);
  }
}
